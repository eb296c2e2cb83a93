// The user view end to end: the real binary in a real terminal (tmux) against the lab. `u`, test1001, enter: the
// verdict and the path as a column of hops with their statuses, each hop's evidence on enter; `s` asks before it
// sends and n sends nothing, y sends and follows a marked message (then deleted); no secret of the lab shows on any
// of its screens; esc goes back to the overview.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type Built } from '../cli/build.js';
import { breakFault, healFault, labPaths } from '../lab/lab.js';
import { hasTmux, startTmux, type TmuxSession } from './tmux.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
const HOP_ROW = /^[> ](OK|WARN|CRIT|UNKN) +(\S.*?) {2,}(\S.*)$/;

let built: Built;
let tmux: TmuxSession | undefined;
let secrets: string[] = [];

beforeAll(async () => {
  built = await buildCli();
  const dir = (await labPaths()).secrets;
  secrets = readdirSync(dir)
    .filter((f) => f.endsWith('.pw'))
    .map((f) => readFileSync(join(dir, f), 'utf8').trim())
    .filter((s) => s.length >= 4);
}, 240_000);
afterAll(() => tmux?.kill());

// The dashboard in tmux with its first sweep started.
async function dashboard(): Promise<TmuxSession> {
  tmux?.kill();
  tmux = startTmux(
    [process.execPath, built.bin, '--config', CONFIG, '--refresh', '600'],
    { columns: 160, rows: 45 },
    { NO_COLOR: '1' },
  );
  await tmux.waitFor(/sweep #1/, 90_000, 'the first sweep to start');
  return tmux;
}

async function askFor(t: TmuxSession, query: string): Promise<string> {
  t.send('u');
  await t.waitFor(/^user \(login or address\): _/m, 5_000, 'the prompt');
  t.send('-l', query);
  t.send('Enter');
  const escaped = query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // This query's report (not the last one, shown under the prompt): its title with a status, then its path.
  const path = new RegExp(`^user ${escaped} · (OK|WARN|CRIT|UNKN) · [\\s\\S]*^path · \\d+ hops?`, 'm');
  return t.waitFor(path, 90_000, `the path of ${query}`);
}

function expectNoSecret(screen: string): void {
  for (const s of secrets) expect(screen.includes(s), 'a lab secret on the screen').toBe(false);
}

describe.skipIf(!hasTmux)('the user view in a terminal against the lab', () => {
  it('shows test1001 hop by hop, opens a hop, asks before sending, and shows no secret', async () => {
    const tmux = await dashboard();
    tmux.send('u');
    await tmux.waitFor(/^user \(login or address\): _/m, 5_000, 'the prompt');
    tmux.send('-l', 'test1001');
    tmux.send('Enter');
    await tmux.waitFor(/^user test1001 · \S+ checking$/m, 10_000, 'the run to start');
    const path = await tmux.waitFor(/^path · \d+ hops/m, 90_000, 'the path');
    if (process.env.SHOW_SCREEN) console.log(path);
    expectNoSecret(path);
    const lines = path.split('\n');
    expect(lines.find((l) => l.startsWith('user test1001 · '))).toMatch(
      /^user test1001 · (OK|WARN|CRIT|UNKN) · (no problem|\d+ problems?) · \d+ hops · \d\d:\d\d:\d\d, took /,
    );
    expect(path).toMatch(/^test1001 · full OX user · .*test1001@example\.com/m);
    const hops = lines.map((l) => HOP_ROW.exec(l)).filter((m) => m !== null);
    const count = Number(/^path · (\d+) hops/m.exec(path)![1]);
    expect(hops).toHaveLength(count);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(hops[0]![2]).toMatch(/AD|directory/i); // the path starts at AD
    expect(hops.some((m) => /relay/.test(m[2]!))).toBe(true);

    // The first hop's evidence: its results by check and host, what they ran or read.
    tmux.send('Enter');
    const evidence = await tmux.waitFor(/· evidence/, 5_000, "the first hop's evidence");
    expect(evidence).toMatch(/^(OK|WARN|CRIT|UNKN) \S+ @ \S+$/m);
    expect(evidence).toMatch(/^ {2}evidence$/m);
    expectNoSecret(evidence);
    tmux.send('Escape');
    await tmux.waitFor(/^path · \d+ hops/m, 5_000, 'the path again');

    // Every hop's evidence opens, none shows a secret.
    for (let i = 1; i < count; i++) {
      tmux.send('j');
      tmux.send('Enter');
      const screen = await tmux.waitFor(/· evidence/, 5_000, `hop ${i + 1}'s evidence`);
      expectNoSecret(screen);
      tmux.send('Escape');
      await tmux.waitFor(/^path · \d+ hops/m, 5_000, 'the path again');
    }

    tmux.send('s');
    const asked = await tmux.waitFor(/\? y\/n$/m, 5_000, 'the send question');
    // To the primary SMTP: address, as --send: mail is in the OX mail domain, no sender domain.
    expect(asked).toMatch(/^send a marked test message to test1001@example\.com\? y\/n$/m);
    expect(asked).toMatch(/no password here: the relay path only/);
    tmux.send('n');
    await tmux.waitFor(/^nothing sent to test1001@example\.com$/m, 5_000, 'nothing sent');

    tmux.send('Escape');
    await tmux.waitFor(/^checks \d+/m, 5_000, 'the overview');
    tmux.send('q');
    const until = Date.now() + 5000;
    while (tmux.alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(tmux.alive()).toBe(false);
  }, 240_000);

  it('names the hop and cause of a fault (clamd-down); r after the heal shows the relay hop OK', async () => {
    const t = await dashboard();
    await breakFault('clamd-down');
    try {
      const broken = await askFor(t, 'test1001');
      if (process.env.SHOW_SCREEN) console.log(broken);
      expect(broken).toMatch(/^user test1001 · CRIT · \d+ problems? · /m);
      expect(broken).toMatch(/^CRIT .*clamd/m); // the verdict's sentence
      expect(broken).toMatch(/^ {5}fix: /m);
      const relay = broken.split('\n').find((l) => /^[> ]\S+ +relay: /.test(l));
      expect(relay).toMatch(/^[> ]CRIT +relay: /);
    } finally {
      await healFault('clamd-down');
    }
    // Healed, r runs again: the relay's hop is OK and the verdict no longer names clamd (other hops may warn of what
    // other tests leave in the shared lab's logs, such as failed logins).
    t.send('r');
    await t.waitFor(/^user test1001 · \S+ checking$/m, 10_000, 'the re-run');
    const healed = await t.waitFor(/^[> ]OK +relay: /m, 90_000, "the relay's hop OK after the heal");
    expect(healed).not.toMatch(/^(CRIT|WARN|UNKN) .*clamd/m);
    t.send('C-c');
  }, 240_000);

  it('sends a marked test message on s then y, shows each copy on the send hop, and deletes it', async () => {
    const t = await dashboard();
    await askFor(t, 'test1002');
    t.send('s');
    await t.waitFor(/^send a marked test message to test1002@example\.com\? y\/n$/m, 5_000, 'the question');
    t.send('y');
    await t.waitFor(
      /^user test1002 · \S+ sending a marked test message and following it$/m,
      10_000,
      'the send to start',
    );
    const sent = await t.waitFor(/^send: .*$/m, 90_000, 'the send report');
    if (process.env.SHOW_SCREEN) console.log(sent);
    expectNoSecret(sent);
    const sendHop = sent.split('\n').find((l) => /^[> ]\S+ +.*(send|test message)/i.test(l));
    expect(sendHop, 'a send hop on the path').toBeDefined();
    expect(sendHop).toMatch(/^[> ]OK /);
    t.send('G');
    t.send('Enter');
    const copies = await t.waitFor(/· evidence/, 5_000, "the send hop's evidence");
    if (process.env.SHOW_SCREEN) console.log(copies);
    expect(copies).toMatch(/^ {2}message <[^>]+> to the relay's port 25 as Exchange would, submitted \d\d:\d\d:\d\d/m);
    expect(copies).toMatch(/^ {4}OK {3}inbox: .* in \d+(\.\d+)? s$/m);
    expect(copies).toMatch(/^ {4}OK {3}archive: .* in \d+(\.\d+)? s$/m);
    expect(copies).toMatch(/; [1-9]\d* test messages deleted\)$/m);
    t.send('C-c');
  }, 240_000);

  it('takes hostile input as a query: nobody is found, nothing breaks', async () => {
    const t = await dashboard();
    for (const query of ['*)(uid=*', 'a b;id', 'Jos\u00e9 \u5f20']) {
      const screen = await askFor(t, query);
      expect(screen).toContain(`user ${query} · `);
      expect(screen).toMatch(/has no user with login or address/);
      expectNoSecret(screen);
      t.send('s');
      await t.waitFor(/no user found to send to/, 5_000, 'no send without a user');
    }
    t.send('C-c');
    const until = Date.now() + 5000;
    while (t.alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(t.alive()).toBe(false);
  }, 240_000);
});
