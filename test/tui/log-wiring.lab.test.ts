// The dashboard's log pane shows host log lines, which may carry a secret oxdoctor resolved (a password in a
// failed bind's log line, say): they pass the one redactor as `logs` output does.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { Redactor } from '../../src/core/redact.js';
import type { LogLine } from '../../src/logs/types.js';
import { TransportPool } from '../../src/transport/index.js';
import { logWiring } from '../../src/tui/log-wiring.js';
import { labExec } from '../lab/lab.js';
import { eventually } from '../lab/probes.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
const pool = new TransportPool();
afterAll(() => pool.closeAll());

describe("the log pane's stream", () => {
  it('masks a resolved secret in the lines it shows', async () => {
    const site = await loadConfig({ explicitPath: CONFIG });
    const relay = site.hosts.find((h) => h.name === 'relay')!;
    const secret = `p6secret${randomBytes(6).toString('hex')}`;
    const marker = `p6wiring${Date.now()}`;
    const redactor = new Redactor();
    redactor.register(secret);
    const lines: LogLine[] = [];
    const wiring = logWiring(site, [{ host: 'relay', transport: pool.get(relay) }], redactor);
    const stream = await wiring.open(
      (batch) => lines.push(...batch),
      (host, error) => expect.fail(`${host}: ${error.message}`),
      () => {},
    );
    try {
      const r = await labExec('relay', ['logger', '-p', 'mail.info', '-t', 'p6wiring', `${marker} bind pw=${secret}`]);
      expect(r.code, r.stderr).toBe(0);
      const seen = () => Promise.resolve(lines.some((l) => l.raw.includes(marker)));
      expect(await eventually(seen, 10_000, 100)).toBe(true);
    } finally {
      await stream.stop();
    }
    const line = lines.find((l) => l.raw.includes(marker))!;
    expect(line.raw).toContain('pw=********');
    expect(JSON.stringify(lines)).not.toContain(secret);
  }, 30_000);
});
