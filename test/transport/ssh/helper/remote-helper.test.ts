// The remote helper against real sshds: commands run as its children over one session, and where it
// cannot run (no perl, a forced command) every command still runs, on a channel of its own.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, sshdAvailable, type TestSshd } from '../../../helpers/sshd.js';
import { processCmdlines, sshTransport } from '../fixtures.js';

const parentName = ['sh', '-c', 'cat /proc/$PPID/comm'];

describe.skipIf(!sshdAvailable())('SSH remote helper', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('runs collected commands as children of one helper, in one session', async () => {
    const t = sshTransport(sshd);
    try {
      const sessionsBefore = sessionsOpened(sshd);
      // Connected means the helper's fate is known too (what host/ssh records).
      await t.ensureConnected();
      expect(t.info().helper).toMatch(/^running \(remote pid \d+\)$/);
      const results = await Promise.all(Array.from({ length: 20 }, () => t.exec(parentName)));
      expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 20 }, () => 'perl\n'));
      expect(t.info().helper).toMatch(/^running \(remote pid \d+\)$/);
      expect(sessionsOpened(sshd) - sessionsBefore).toBe(1);
      // Streams keep a channel of their own, with its flow control.
      const { stdout, done } = await t.execStream(parentName);
      let streamed = '';
      for await (const chunk of stdout) streamed += String(chunk);
      await done;
      expect(streamed).not.toBe('perl\n');
      expect(sessionsOpened(sshd) - sessionsBefore).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('passes stdin, large output both ways, exit codes and signals through its frames', async () => {
    const t = sshTransport(sshd);
    try {
      const input = Buffer.alloc(3 * 1024 * 1024, 'abcdefgh\n');
      const echoed = await t.exec(['cat'], { stdin: input });
      expect(echoed.stdout.length).toBe(input.length);
      expect(echoed.stdout === input.toString('utf8')).toBe(true);
      const both = await t.exec(['sh', '-c', 'echo out; echo err >&2; exit 7']);
      expect([both.stdout, both.stderr, both.code, both.signal]).toEqual(['out\n', 'err\n', 7, null]);
      const killed = await t.exec(['sh', '-c', 'kill -TERM $$']);
      expect([killed.code, killed.signal]).toEqual([null, 'TERM']);
      const missing = await t.exec(['oxdoctor-no-such-binary']);
      expect(missing.code).toBe(127);
      expect(missing.stderr).toMatch(/not found/);
      const capped = await t.exec(['sh', '-c', 'head -c 100000 /dev/zero'], { maxOutputBytes: 1000 });
      expect([capped.stdout.length, capped.truncated, capped.code]).toEqual([1000, true, 0]);
      const hostile = ["it's", '$(id)', '`id`', 'a b', '', '\n', '*'];
      expect((await t.exec(['printf', '%s|', ...hostile])).stdout).toBe(hostile.join('|') + '|');
    } finally {
      await t.close();
    }
  });

  // The helper sets a command's fds 0-2 and environment in itself just before the fork (ssh/helper/script.ts):
  // neither may outlive that command, and its channel must not leak into the command.
  it('gives each command only its own fds and environment, and learns the exit of one that closed its output', async () => {
    const t = sshTransport(sshd);
    try {
      const show = ['sh', '-c', 'echo "${OXDOCTOR_T-unset} ${HOME:+home}"'];
      expect((await t.exec(show, { env: { OXDOCTOR_T: 'one', HOME: '' } })).stdout).toBe('one \n');
      expect((await t.exec(show)).stdout).toBe('unset home\n');
      // Only 0, 1 and 2, plus the directory ls itself opens: the channel's fds close on exec.
      const fds = (await t.exec(['ls', '/proc/self/fd'])).stdout.trim().split(/\s+/).map(Number);
      expect(fds.filter((fd) => fd > 3)).toEqual([]);
      expect(fds.slice(0, 3)).toEqual([0, 1, 2]);
      // Output closed long before the exit: the status still arrives.
      const quiet = await t.exec(['sh', '-c', 'exec >&- 2>&-; sleep 0.3; exit 3']);
      expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([3, '', '']);
    } finally {
      await t.close();
    }
  });

  it("reads files in the helper exactly as the channel path's script does", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oxdoctor-helper-read-'));
    const file = path.join(dir, 'f');
    writeFileSync(file, Buffer.concat([Buffer.from('head-part middle tail-part\n'), Buffer.from([0, 255, 10])]));
    const helped = sshTransport(sshd);
    const plain = sshTransport(sshd, { helper: false });
    try {
      const cases: Array<[string, { maxBytes?: number; tail?: boolean }]> = [
        [file, {}],
        [file, { maxBytes: 9 }],
        [file, { maxBytes: 12, tail: true }],
        [path.join(dir, 'missing'), {}],
        [path.join(file, 'below-a-file'), {}],
      ];
      for (const [p, options] of cases) {
        const [a, b] = [await helped.readFile(p, options), await plain.readFile(p, options)];
        expect(a).toEqual(b);
      }
      expect((await helped.readFile(file, { maxBytes: 12, tail: true }))?.data).toEqual(
        Buffer.from('ail-part\n\0\xff\n', 'latin1'),
      );
      await expect(helped.readFile(dir)).rejects.toThrow(/not a regular file/);
      expect(helped.info().helper).toMatch(/^running/);
    } finally {
      await helped.close();
      await plain.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('kills the commands it runs when the connection closes', async () => {
    const t = sshTransport(sshd);
    const marker = `${(Date.now() % 100000) + 200}.5`;
    const running = t.exec(['sleep', marker]);
    await waitFor(() => processCmdlines().some((p) => p.cmdline === `sleep\0${marker}\0`));
    await t.close();
    await running.catch(() => undefined);
    await waitFor(() => !processCmdlines().some((p) => p.cmdline === `sleep\0${marker}\0`));
  });

  it('starts a new helper when the old one died, on the same connection', async () => {
    const t = sshTransport(sshd);
    try {
      const first = await t.exec(['sh', '-c', 'echo $PPID']);
      const dying = await t.exec(['sh', '-c', 'kill -9 $PPID; sleep 5']);
      expect(dying.code).toBeNull();
      expect(dying.stderr).toMatch(/remote helper ended/);
      const second = await t.exec(['sh', '-c', 'echo $PPID']);
      expect(second.code).toBe(0);
      expect(second.stdout).not.toBe(first.stdout);
      expect(t.info().connections).toBe(1);
    } finally {
      await t.close();
    }
  });
});

describe.skipIf(!sshdAvailable())('SSH without the remote helper', () => {
  let noPerl: TestSshd;
  let forced: TestSshd;
  // A host without perl: its login PATH holds a shell and echo only.
  const bin = mkdtempSync(path.join(tmpdir(), 'oxdoctor-noperl-'));
  beforeAll(async () => {
    for (const tool of ['sh', 'echo']) symlinkSync(`/bin/${tool}`, path.join(bin, tool));
    noPerl = await startSshd({ extraConfig: [`SetEnv PATH=${bin}`] });
    forced = await startSshd({ extraConfig: ['ForceCommand echo forced'] });
  });
  afterAll(async () => {
    await noPerl?.stop();
    await forced?.stop();
    rmSync(bin, { recursive: true, force: true });
  });

  it('falls back to a channel per command where perl is missing, and says why', async () => {
    const t = sshTransport(noPerl);
    try {
      const r = await t.exec(['echo', 'fine']);
      expect([r.stdout, r.code]).toEqual(['fine\n', 0]);
      expect(t.info().helper).toMatch(/^unavailable: the helper ended before it was ready.*perl/);
    } finally {
      await t.close();
    }
  });

  it('falls back where a forced command answers instead of the helper', async () => {
    const t = sshTransport(forced);
    try {
      await t.ensureConnected();
      expect(t.info().helper).toMatch(/^unavailable: .*forced command/);
      const r = await t.exec(['true']);
      expect([r.stdout, r.code]).toEqual(['forced\n', 0]);
      expect(t.info().helper).toMatch(/^unavailable: .*forced command/);
    } finally {
      await t.close();
    }
  });

  it('uses no helper when the host is configured so', async () => {
    const t = sshTransport(noPerl, { helper: false });
    try {
      expect((await t.exec(['echo', 'plain'])).stdout).toBe('plain\n');
      expect(t.info().helper).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

function sessionsOpened(sshd: TestSshd): number {
  return sshd
    .log()
    .split('\n')
    .filter((l) => /session opened|Starting session/.test(l)).length;
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
