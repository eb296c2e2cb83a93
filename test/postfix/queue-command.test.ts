// The coalesced postqueue listing (src/postfix/queue-command.ts) run by real sh, locally and over a real
// sshd: a postqueue in a temporary command_directory writes one message per write(2), as postqueue -j and
// -p do, and the reader must get the listing intact in 64 KB pieces, with postqueue's exit status and stderr.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COALESCE_BYTES, queueListingArgv } from '../../src/postfix/queue-command.js';
import { LocalTransport } from '../../src/transport/local.js';
import type { SshTransport } from '../../src/transport/index.js';
import type { Transport } from '../../src/transport/types.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { sshTransport } from '../transport/ssh/fixtures.js';

const MESSAGES = 3000;
const line = (i: number): string =>
  `{"queue_name": "deferred", "queue_id": "4B${String(i).padStart(5, '0')}", "arrival_time": 1785318106, ` +
  `"message_size": 2552, "forced_expire": false, "sender": "alice@example.com", "recipients": [{"address": ` +
  `"u${i}@example.net", "delay_reason": "connect to 192.0.2.1[192.0.2.1]:25: Connection refused"}]}`;
const expected = Array.from({ length: MESSAGES }, (_, i) => line(i) + '\n').join('');

let dir: string;
let sshd: TestSshd;
let ssh: SshTransport;

// sh's printf builtin: one write per message; then what postqueue says on stderr, and its exit status.
function postqueue(name: string, exit: number, stderr = ''): string {
  const sub = join(dir, name);
  mkdirSync(sub, { recursive: true });
  const format = line(0).replace('4B00000', '4B%05d').replace('u0@', 'u%d@');
  const script = [
    '#!/bin/sh',
    `i=0; while [ $i -lt ${MESSAGES} ]; do printf '${format}\\n' $i $i; i=$((i+1)); done`,
    stderr ? `echo '${stderr}' >&2` : ':',
    `exit ${exit}`,
  ].join('\n');
  writeFileSync(join(sub, 'postqueue'), script + '\n');
  chmodSync(join(sub, 'postqueue'), 0o755);
  return sub;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oxdoctor-queue-command-'));
  sshd = await startSshd();
  ssh = sshTransport(sshd);
});
afterAll(async () => {
  await ssh?.close();
  await sshd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function listed(transport: Transport, commandDirectory: string) {
  const { argv, listing } = queueListingArgv(commandDirectory, 'json');
  const stream = await transport.execStream(argv, { timeoutMs: 20_000 });
  const chunks: Buffer[] = [];
  for await (const chunk of stream.stdout) chunks.push(chunk as Buffer);
  return { listing, chunks, text: Buffer.concat(chunks).toString('utf8'), exit: await stream.done };
}

describe.each([
  ['locally', () => new LocalTransport('testhost') as Transport],
  ['over SSH', () => ssh as Transport],
])('the coalesced postqueue listing %s', (_, transport) => {
  it('arrives intact in 64 KB pieces although postqueue writes one message at a time', async () => {
    const r = await listed(transport(), postqueue('ok', 0));
    expect(r.text).toBe(expected);
    expect(r.exit.code).toBe(0);
    // 3000 writes of ~300 bytes; SSH may cut a 64 KB write into a few packets
    expect(r.chunks.length).toBeLessThanOrEqual(Math.ceil(expected.length / COALESCE_BYTES) * 4 + 2);
  });

  it("hands back postqueue's own exit status and stderr, not dd's", async () => {
    const r = await listed(
      transport(),
      postqueue('down', 69, 'postqueue: fatal: Queue report unavailable - mail system is down'),
    );
    expect(r.text).toBe(expected);
    expect(r.exit.code).toBe(69);
    expect(r.exit.stderr).toMatch(/postqueue: fatal: Queue report unavailable - mail system is down/);
    expect(r.exit.stderr).not.toMatch(/records (in|out)/);
  });

  it('says 127 when there is no postqueue in the command_directory', async () => {
    const r = await listed(transport(), join(dir, 'missing'));
    expect(r.text).toBe('');
    expect(r.exit.code).toBe(127);
    expect(r.listing).toEqual([join(dir, 'missing', 'postqueue'), '-j']);
  });
});
