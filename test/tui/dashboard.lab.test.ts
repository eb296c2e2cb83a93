// The dashboard end to end: the real binary in a real terminal (tmux) against the lab. After the first
// sweep, clamd on the relay is stopped through the lab's fault injection; `R` re-runs every check in the
// background and the screen shows service/clamd as CRIT with its cause; `enter` opens the cause and hint.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type Built } from '../cli/build.js';
import { breakFault, healFault } from '../lab/lab.js';
import { hasTmux, startTmux, type TmuxSession } from './tmux.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
let built: Built;
let tmux: TmuxSession | undefined;

beforeAll(async () => {
  built = await buildCli();
}, 240_000);
afterAll(() => tmux?.kill());

describe.skipIf(!hasTmux)('the dashboard in a terminal against the lab', () => {
  it('shows a check the lab breaks as CRIT with its cause after R, and its hint on enter', async () => {
    tmux = startTmux(
      [process.execPath, built.bin, '--config', CONFIG, '--host', 'relay', '--refresh', '600'],
      { columns: 80, rows: 24 },
      { NO_COLOR: '1' },
    );
    const first = await tmux.waitFor(/sweep #1 \d+s ago/, 90_000, 'the first sweep');
    expect(first).toMatch(/^oxdoctor {2}oxdoctor lab/);
    expect(first).toMatch(/^relay /m);
    expect(first).toMatch(/^[> ]OK +service\/clamd +relay/m);
    try {
      await breakFault('clamd-down');
      tmux.send('R');
      await tmux.waitFor(/sweep #2 running/, 10_000, 'R to start a second sweep');
      const broken = await tmux.waitFor(/sweep #2 \d+s ago/, 90_000, 'the second sweep to end');
      expect(broken).toMatch(/^>CRIT +service\/clamd +relay +clamd at .* refused/m);
      expect(broken).toMatch(/^relay +\S+ \d+\s+C \d+\/\d+/m);
      tmux.send('Enter');
      const detail = await tmux.waitFor(/evidence/, 5_000, 'the detail view');
      expect(detail).toMatch(/^CRIT service\/clamd @ relay/m);
      expect(detail.replace(/\n/g, ' ')).toMatch(/clamd at .* refused the connection/);
      expect(detail).toMatch(/^hint: /m);
    } finally {
      await healFault('clamd-down');
    }
    tmux.send('q');
    const until = Date.now() + 5000;
    while (tmux.alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(tmux.alive()).toBe(false);
  }, 300_000);
});
