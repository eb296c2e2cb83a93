// H3 on the lab over SSH: each host's log sources from its own rsyslog.conf and installed software, the
// rotations of a log (a scratch copy with .1 and .2.gz, removed afterwards), and a queue id searched on the host.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { SiteConfig } from '../../src/config/types.js';
import type { Transport } from '../../src/core/transport.js';
import { discoverSources } from '../../src/logs/discover.js';
import { listFiles } from '../../src/logs/files.js';
import { searchFiles } from '../../src/logs/search.js';
import type { LogFile, LogSource, RawLine } from '../../src/logs/types.js';
import { TransportPool } from '../../src/transport/index.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
const SCRATCH = `/tmp/oxdoctor-h3-${randomBytes(4).toString('hex')}`;
let site: SiteConfig;
let pool: TransportPool;

function on(host: string): Transport {
  const spec = site.hosts.find((h) => h.name === host);
  if (!spec) throw new Error(`no host ${host} in ${CONFIG}`);
  return pool.get(spec);
}

async function sh(host: string, script: string, ...args: string[]): Promise<string> {
  const r = await on(host).exec(['sh', '-c', script, 'sh', ...args]);
  if (r.code !== 0) throw new Error(`${host}: ${script}: ${r.stderr}`);
  return r.stdout;
}

async function collect(host: string, files: readonly LogFile[], fixed: readonly string[]): Promise<RawLine[]> {
  const out: RawLine[] = [];
  for await (const batch of searchFiles(on(host), files, { fixed })) out.push(...batch);
  return out;
}

beforeAll(async () => {
  site = await loadConfig({ explicitPath: CONFIG });
  pool = new TransportPool();
});

afterAll(async () => {
  await sh('servera', 'rm -rf -- "$1"', SCRATCH).catch(() => undefined);
  await pool.closeAll();
});

const names = (sources: readonly LogSource[]): Record<string, string> =>
  Object.fromEntries(sources.map((s) => [s.source, `${s.kind} ${s.path}`]));

describe('discoverSources on the lab', () => {
  // The relay's rsyslog.conf names cron and secure too; rsyslog makes each file at its first line, which on the relay
  // comes only from some tests (a cron line, an su): each is a source when there and a warning when not.
  it("finds the relay's maillog and messages from its rsyslog.conf; cron and secure as sources or 'not there'", async () => {
    const logs = await discoverSources(on('relay'), 'relay');
    const present = async (path: string) => (await on('relay').exec(['test', '-e', path])).code === 0;
    const expected: Record<string, string> = {
      maillog: 'syslog /var/log/maillog',
      messages: 'syslog /var/log/messages',
    };
    const warnings: string[] = [];
    for (const name of ['cron', 'secure']) {
      if (await present(`/var/log/${name}`)) expected[name] = `syslog /var/log/${name}`;
      else warnings.push(`/var/log/${name}: in the syslog configuration, not on the host (yet)`);
    }
    expect(names(logs.sources)).toEqual(expected);
    expect(logs.utcOffsetMinutes).toBe(0);
    expect(logs.warnings).toEqual(warnings);
  });

  it.each(['servera', 'serverb'])(
    'finds maillog, messages, cron, secure, OX, oxldapsync and apache on %s',
    async (host) => {
      const logs = await discoverSources(on(host), host);
      expect(names(logs.sources)).toEqual({
        maillog: 'syslog /var/log/maillog',
        messages: 'syslog /var/log/messages',
        cron: 'syslog /var/log/cron',
        secure: 'syslog /var/log/secure',
        ox: 'ox /var/log/open-xchange/open-xchange.log.0',
        oxldapsync: 'oxldapsync /var/log/oxldapsync.log',
        'apache-error': 'apache-error /var/log/apache2/error.log',
        'apache-access': 'apache-access /var/log/apache2/access.log',
      });
      expect(logs.warnings).toEqual([]);
      expect(logs.sources.every((s) => s.host === host)).toBe(true);
    },
  );
});

describe('listFiles and searchFiles on the lab', () => {
  let id: string;
  let expected: string[];

  beforeAll(async () => {
    // A queue id of server A's maillog (its last qmgr line), and the lines naming it, as grep -F sees them.
    id = (
      await sh(
        'servera',
        "sed -n 's/^.* postfix\\/qmgr\\[[0-9]*\\]: \\([0-9A-Za-z]*\\): .*/\\1/p' /var/log/maillog | tail -n 1",
      )
    ).trim();
    expect(id).toMatch(/^[0-9A-Za-z]{6,}$/);
    expected = (await sh('servera', 'grep -F -e "$1" /var/log/maillog', id)).trimEnd().split('\n');
    // A scratch log: the live maillog copied, .1 without the id, .2.gz the compressed copy.
    await sh(
      'servera',
      `mkdir -p "$1" && cp /var/log/maillog "$1/maillog" && grep -v -F -e "$2" /var/log/maillog > "$1/maillog.1" &&
       gzip -c /var/log/maillog > "$1/maillog.2.gz" && touch -d '2 days ago' "$1/maillog.2.gz" &&
       touch -d '1 day ago' "$1/maillog.1"`,
      SCRATCH,
      id,
    );
  });

  it('lists the scratch log and its rotations oldest first, with sizes', async () => {
    const source: LogSource = { host: 'servera', source: 'maillog', kind: 'syslog', path: `${SCRATCH}/maillog` };
    const files = await listFiles(on('servera'), [source]);
    expect(files.map((f) => [f.path.slice(SCRATCH.length + 1), f.rotated, f.gzip])).toEqual([
      ['maillog.2.gz', true, true],
      ['maillog.1', true, false],
      ['maillog', false, false],
    ]);
    const sizes = (await sh('servera', 'cd "$1" && wc -c maillog.2.gz maillog.1 maillog', SCRATCH)).trim().split('\n');
    expect(files.map((f) => f.size)).toEqual(sizes.slice(0, 3).map((l) => Number(l.trim().split(/\s+/)[0])));
  });

  it('finds the queue id in the live and the .gz file and nowhere else, the same lines grep -F finds', async () => {
    const source: LogSource = { host: 'servera', source: 'maillog', kind: 'syslog', path: `${SCRATCH}/maillog` };
    const found = await collect('servera', await listFiles(on('servera'), [source]), [id]);
    expect(found.map((l) => l.path.slice(SCRATCH.length + 1))).toEqual([
      ...expected.map(() => 'maillog.2.gz'),
      ...expected.map(() => 'maillog'),
    ]);
    expect(found.map((l) => l.text)).toEqual([...expected, ...expected]);
  });

  it("searches the host's real maillog through discovered sources", async () => {
    const logs = await discoverSources(on('servera'), 'servera');
    const files = await listFiles(
      on('servera'),
      logs.sources.filter((s) => s.source === 'maillog'),
    );
    const found = await collect('servera', files, [id]);
    expect(found.map((l) => l.text).slice(0, expected.length)).toEqual(expected);
    expect(found.every((l) => l.source.source === 'maillog' && l.text.includes(id))).toBe(true);
  });

  it('reads hostile literals as text: nothing found, nothing run; a literal starting with "-" is searched', async () => {
    const logs = await discoverSources(on('servera'), 'servera');
    const files = await listFiles(on('servera'), logs.sources);
    const hostile = ["'; touch /tmp/pwned; '", '$(touch /tmp/pwned2)', '`touch /tmp/pwned3`', '"; touch /tmp/pwned4 #'];
    expect(await collect('servera', files, hostile)).toEqual([]);
    expect(await sh('servera', 'ls /tmp/pwned /tmp/pwned2 /tmp/pwned3 /tmp/pwned4 2>/dev/null; true')).toBe('');
    const dash = `-v ${id}`;
    await sh('servera', 'printf "%s\\n" "$2" "other" >> "$1/maillog"', SCRATCH, dash);
    const source: LogSource = { host: 'servera', source: 'maillog', kind: 'syslog', path: `${SCRATCH}/maillog` };
    const scratch = (await listFiles(on('servera'), [source])).filter((f) => !f.rotated);
    expect((await collect('servera', scratch, [dash])).map((l) => l.text)).toEqual([dash]);
  });

  it('holds the host back while the consumer is slow, and ends the reader on the host when it stops', async () => {
    const big = `${SCRATCH}/big`;
    await sh('servera', `yes '${'x'.repeat(127)}' | head -c ${400 * 1024 * 1024} > "$1"`, big);
    const source: LogSource = { host: 'servera', source: 'big', kind: 'syslog', path: big };
    const [file] = await listFiles(on('servera'), [source]);
    expect(file?.size).toBe(400 * 1024 * 1024);
    const readers = async (): Promise<string[]> =>
      (await sh('servera', 'ps -eo args')).split('\n').filter((a) => a.includes(big) && !a.includes('ps -eo'));
    const before = process.memoryUsage().rss;
    let lines = 0;
    for await (const batch of searchFiles(on('servera'), [file!])) {
      lines += batch.length;
      // Slow: 3 s without reading. The channel's window fills and grep waits on the host.
      await new Promise((r) => setTimeout(r, 3000));
      expect((await readers()).length).toBeGreaterThan(0);
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
      break;
    }
    expect(lines).toBeGreaterThan(0);
    expect(lines).toBeLessThan(1_000_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await readers()).toEqual([]);
  });
});
