// The README's screenshot of the dashboard: the real binary in tmux (100x30) against the lab, captured
// with `capture-pane -e` once the first sweep has ended, rendered to test/tui/screenshot/dashboard.svg
// (test/tui/ansi-svg.ts) and, where rsvg-convert is installed, dashboard.png.
// Run on the healthy lab: npm run build && node dist/test/tui/screenshot.js [OXDOCTOR OPTIONS...]
// (options are passed on to oxdoctor, e.g. --timeout 60000 where the lab answers slowly).
// It exits 1 (and still writes the files) when the screen shows a problem: the README means the healthy lab.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ansiToSvg } from './ansi-svg.js';
import { hasTmux, startTmux, type TmuxSession } from './tmux.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/test/tui
const repo = resolve(here, '../../..');
const bin = resolve(here, '../../src/cli/main.js');
const config = join(repo, 'test/lab/oxdoctor.yaml');
const out = join(repo, 'test/tui/screenshot');
const size = { columns: 100, rows: 30 };

if (!hasTmux) throw new Error('tmux is needed (apt-get install -y tmux)');
if (!existsSync(join(repo, 'package.json')) || !existsSync(bin))
  throw new Error(`run the compiled script from dist/ after npm run build (no ${bin})`);

const cache = mkdtempSync(join(tmpdir(), 'oxdoctor-screenshot-'));
let tmux: TmuxSession | undefined;
try {
  // A fresh durations cache so the screen is that of a first run. The default refresh (60 s) shows as it
  // would for a user; the screen is read as soon as the first sweep ends, long before the next.
  tmux = startTmux([process.execPath, bin, '--config', config, ...process.argv.slice(2)], size, {
    OXDOCTOR_CACHE_DIR: cache,
  });
  const plain = await tmux.waitFor(/sweep #1 \d+s ago/, 600_000, 'the first sweep to end');
  const ansi = tmux.capture({ ansi: true });
  mkdirSync(out, { recursive: true });
  const svgPath = join(out, 'dashboard.svg');
  writeFileSync(
    svgPath,
    ansiToSvg(ansi, { ...size, title: 'oxdoctor dashboard on the healthy lab after the first sweep' }),
  );
  process.stdout.write(`${plain.replace(/\s+$/, '')}\n\nwrote ${svgPath}\n`);
  const rsvg = spawnSync('rsvg-convert', ['-o', join(out, 'dashboard.png'), svgPath], { encoding: 'utf8' });
  if (rsvg.error) process.stdout.write('no PNG: rsvg-convert is not installed (apt-get install -y librsvg2-bin)\n');
  else if (rsvg.status !== 0) throw new Error(`rsvg-convert failed: ${rsvg.stderr}`);
  else process.stdout.write(`wrote ${join(out, 'dashboard.png')}\n`);
  const totals = /^CRIT (\d+) +UNKN (\d+) +WARN (\d+) +OK (\d+)/m.exec(plain);
  const healthy = totals !== null && totals[1] === '0' && totals[2] === '0' && totals[3] === '0';
  if (!healthy)
    process.stdout.write(
      `the screen shows problems (${totals?.[0] ?? 'no totals line'}): take the README's screenshot on the healthy lab\n`,
    );
  process.exitCode = healthy ? 0 : 1;
  tmux.send('q');
  const until = Date.now() + 5000;
  while (tmux.alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
} finally {
  tmux?.kill();
  rmSync(cache, { recursive: true, force: true });
  // kill-server leaves the socket file (test/tui/tmux.ts names it oxdoctor-PID-...) behind.
  const sockets = join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`);
  if (existsSync(sockets))
    for (const f of readdirSync(sockets))
      if (f.startsWith(`oxdoctor-${process.pid}-`)) rmSync(join(sockets, f), { force: true });
}
