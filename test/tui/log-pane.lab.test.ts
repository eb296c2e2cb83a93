// The log pane end to end: the real binary in a real terminal (tmux) against the lab. `l` opens the merged
// stream of every lab host's logs; a line `logger` writes into the relay's syslog shows up behind its host; a message
// sent to the relay as Exchange would shows its cleanup line (found with `/` by its Message-ID), and `t` on it
// opens the trace of its queue id.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOLLOW_SCRIPT } from '../../src/logs/follow-script.js';
import { buildCli, type Built } from '../cli/build.js';
import { LAB_ADDRESSES, labExec, type LabHost } from '../lab/lab.js';
import { smtpSend } from '../lab/probes.js';
import { hasTmux, startTmux, type TmuxSession } from './tmux.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
// How the hosts' log reader shows in ps: the start of its sh -c script (src/logs/follow-script.ts).
const READER = FOLLOW_SCRIPT.split('\n')[0]!;
const HOSTS: readonly LabHost[] = ['relay', 'servera', 'servera2', 'serverb'];

// The pids of the log readers that run over SSH (a reader's parent is the transport's helper, not node: the
// lab's hosts share this machine's process table, where other tests' local readers run too).
async function sshReaders(host: LabHost): Promise<string[]> {
  const ps = await labExec(host, ['ps', '-eo', 'pid=,ppid=,args=']);
  const rows = ps.stdout
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m) => m !== null);
  const args = new Map(rows.map((m) => [m[1]!, m[3]!]));
  const parentOk = (ppid: string) => !/node|vitest|LC_ALL=C; export/.test(args.get(ppid) ?? '');
  return rows.filter((m) => m[3]!.includes(READER) && parentOk(m[2]!)).map((m) => m[1]!);
}

let built: Built;
let tmux: TmuxSession | undefined;

beforeAll(async () => {
  built = await buildCli();
}, 240_000);
afterAll(() => tmux?.kill());

describe.skipIf(!hasTmux)('the log pane in a terminal against the lab', () => {
  it('shows a line logged on the relay within seconds, and traces a message from its line with t', async () => {
    // Readers already there (another run's) are not this dashboard's.
    const before = new Map(await Promise.all(HOSTS.map(async (h) => [h, await sshReaders(h)] as const)));
    tmux = startTmux(
      [process.execPath, built.bin, '--config', CONFIG, '--refresh', '600'],
      { columns: 160, rows: 40 },
      { NO_COLOR: '1' },
    );
    await tmux.waitFor(/sweep #1/, 90_000, 'the first sweep to start');
    tmux.send('l');
    await tmux.waitFor(/^logs · 4 hosts · [\d,]+ lines · live/m, 60_000, 'the stream to go live');

    // The readers start on the hosts a moment after the stream is up (longer while the sweep keeps the relay
    // busy), and a line written before its reader starts is not shown: log until the relay's reader is reading.
    const marker = `oxdoctor-logpane-${process.pid}-${Date.now()}`;
    const log = async (text: string) => {
      const logged = await labExec('relay', ['logger', '-p', 'mail.info', '-t', 'oxdoctor-test', text]);
      expect(logged.code).toBe(0);
    };
    for (let i = 0; ; i++) {
      await log(`${marker}-ready-${i}`);
      const ready = await tmux.waitFor(new RegExp(`${marker}-ready-`), 2_000, 'a line from the relay').catch(() => '');
      if (ready && process.env.SHOW_SCREEN) console.log(`relay's reader reading after ${i + 1} lines`);
      if (ready) break;
      if (i === 30) throw new Error("the relay's lines never showed");
    }
    const started = Date.now();
    await log(`${marker}-timed`);
    const seen = await tmux.waitFor(new RegExp(`${marker}-timed`), 5_000, 'the logged line');
    const latencyMs = Date.now() - started; // logger, the reader's poll, the reorder window, a frame, tmux
    if (process.env.SHOW_SCREEN) console.log(`logged line on screen after ${latencyMs} ms`);
    expect(latencyMs).toBeLessThan(2_000);
    expect(seen).toMatch(new RegExp(`^relay +\\d\\d:\\d\\d:\\d\\d maillog oxdoctor-test: ${marker}-timed$`, 'm'));

    const messageId = `${marker}@example.com`;
    const reply = await smtpSend(
      LAB_ADDRESSES.relay,
      25,
      'exch01@example.com',
      ['test1002@example.com'],
      `From: exch01@example.com\nTo: test1002@example.com\nMessage-ID: <${messageId}>\nSubject: ${marker}\n\nlog pane\n`,
    );
    expect(reply).toMatch(/^250 /);
    tmux.send('/');
    tmux.send('-l', `relay postfix/cleanup.*<${marker}`); // a regexp on the relay's syslog lines
    tmux.send('Enter');
    const cleanup = /^relay +\S+ maillog postfix\/cleanup\[\d+\]: (\w+): message-id=/m;
    const found = await tmux.waitFor(cleanup, 20_000, "the relay's cleanup line");
    const queueId = cleanup.exec(found)![1]!;
    tmux.send('t');
    const traced = await tmux.waitFor(/^trace queue id \w+ \(relay\) · (done|failed)/m, 60_000, 'the trace to end');
    if (process.env.SHOW_SCREEN) console.log(traced);
    expect(traced).toMatch(/· done/);
    expect(traced).toContain(queueId);
    // Every host of the dashboard is searched: the copy on server A and the archive copy on server B arrive.
    expect(traced).toMatch(/^ +test1002@example\.com: delivered/m);
    expect(traced).toMatch(/^ +test1002@serverb\.example\.com: delivered/m);
    tmux.send('Escape');
    await tmux.waitFor(/^logs · 4 hosts · .*\/relay postfix/m, 5_000, 'the stream again');
    tmux.send('Escape');
    await tmux.waitFor(/^checks \d+/m, 5_000, 'the overview');
    const running = new Map(
      await Promise.all(
        HOSTS.map(async (h) => [h, (await sshReaders(h)).filter((pid) => !before.get(h)!.includes(pid))] as const),
      ),
    );
    expect(running.get('relay')!.length).toBeGreaterThan(0); // the relay's reader runs while the dashboard does
    tmux.send('q');
    const until = Date.now() + 5000;
    while (tmux.alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(tmux.alive()).toBe(false);
    // Nothing of the stream is left running on the hosts 5 s after the dashboard ends.
    await new Promise((r) => setTimeout(r, 5000));
    for (const host of HOSTS) {
      const left = await sshReaders(host);
      expect(
        running.get(host)!.filter((pid) => left.includes(pid)),
        host,
      ).toEqual([]);
    }
  }, 240_000);
});
