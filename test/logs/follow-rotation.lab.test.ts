// The rotation proof on the lab: relay, servera and serverb each write 10,000 numbered lines/s into a
// scratch log under /var/tmp while it is rotated 100 times in all (34 + 33 + 33, alternating rename and
// copytruncate the way logrotate does each), and followFiles reads all three over SSH: 0 lines lost and 0
// duplicated, counted by sequence numbers. The writer itself rotates, and pauses its writes during copy +
// truncate: the lines logrotate's copytruncate loses in that window (it documents the loss) are the rotator's,
// not the reader's, so this test shuts the window and counts every line written. Also measured (printed):
// the latency from a line's write to onLines, and the CPU the readers used on the hosts per 10,000 lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transport } from '../../src/core/transport.js';
import { followFiles, type Follower } from '../../src/logs/follow.js';
import type { RawLine } from '../../src/logs/types.js';
import { labTransports, processesNaming, removeScratch, scratchLog } from './follow-lab.js';

const RATE = 10_000; // lines per second per host
const SECONDS = 40;
const ROTATIONS: Readonly<Record<string, number>> = { relay: 34, servera: 33, serverb: 33 };
const HOSTS = Object.keys(ROTATIONS);

// perl (the lab hosts have it; oxdoctor's own remote commands stay POSIX sh): DIR RATE SECONDS ROTATIONS.
// Line n is "seq=n t=MS ..." with the write time in ms. Rotations alternate rename (shift .1-.4, rename to .1,
// create the new file, keep writing the old one for 50 ms as syslog does until its HUP, then reopen) and
// copytruncate (copy to .1, truncate; no writes in between). Prints "written N".
const WRITER = String.raw`
use strict; use Time::HiRes qw(time sleep); use File::Copy qw(copy);
my ($dir, $rate, $secs, $rots) = @ARGV;
my $f = "$dir/app.log";
open(my $fh, '>>', $f) or die "open $f: $!";
my ($old, $oldUntil);
my $t0 = time; my $n = 0; my $total = int($rate * $secs); my $k = 0;
my @due = map { $secs * $_ / ($rots + 1) } 1 .. $rots;
sub shift_old { unlink "$f.5"; for my $i (reverse 1 .. 4) { rename "$f.$i", "$f." . ($i + 1) if -e "$f.$i" } }
while ($n < $total) {
  my $now = time;
  my $want = int(($now - $t0) * $rate); $want = $total if $want > $total;
  my $buf = ''; my $ms = sprintf('%.0f', $now * 1000);
  while ($n < $want) { $n++; $buf .= "seq=$n t=$ms lorem ipsum dolor sit amet\n" }
  if (length $buf) { my $h = (defined $old && $now < $oldUntil) ? $old : $fh; syswrite($h, $buf) or die "write: $!" }
  if (defined $old && $now >= $oldUntil) { close $old; undef $old }
  if (@due && $now - $t0 >= $due[0]) {
    shift @due; $k++; shift_old();
    if ($k % 2) {
      rename $f, "$f.1" or die "rename: $!";
      close $old if defined $old;
      open(my $new, '>>', $f) or die "open $f: $!";
      $old = $fh; $oldUntil = time + 0.05; $fh = $new;
    } else {
      copy($f, "$f.1") or die "copy: $!"; truncate($fh, 0) or die "truncate: $!";
    }
  }
  sleep 0.002;
}
close $old if defined $old; close $fh;
print "written $n rotations $k\n";
`;

interface Tally {
  readonly seen: Uint8Array;
  duplicated: number;
  received: number;
  readonly latencies: number[];
}

let lab: Awaited<ReturnType<typeof labTransports>>;
const scratch = new Map<string, string>();

beforeAll(async () => {
  lab = await labTransports();
});
afterAll(async () => {
  for (const [host, dir] of scratch) await removeScratch(lab.get(host), dir);
  await lab.close();
});

// utime + stime of the reader and its reaped children (tail, head, dd, ls, sleep), in seconds.
async function readerCpuSeconds(t: Transport, dir: string): Promise<number | null> {
  const reader = (await processesNaming(t, dir)).find((l) => l.includes('OXD_FOLLOW_NONCE'));
  const pid = reader?.trim().split(/\s+/)[0];
  if (!pid) return null;
  const r = await t.exec(['sh', '-c', 'cat "/proc/$1/stat"; getconf CLK_TCK', 'sh', pid]);
  const [stat = '', tck = '100'] = r.stdout.trim().split('\n');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0); // fields 14-17 of stat
  return ticks / Number(tck);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

describe('followFiles across 100 rotations while 3 hosts write 10,000 lines/s', () => {
  it('loses no line and duplicates none', async () => {
    const total = RATE * SECONDS;
    const tallies = new Map<string, Tally>();
    const followers: Follower[] = [];
    const errors: string[] = [];
    const started = new Set<string>();
    for (const host of HOSTS) {
      const t = lab.get(host);
      const { dir, path } = await scratchLog(t);
      scratch.set(host, dir);
      const tally: Tally = { seen: new Uint8Array(total + 1), duplicated: 0, received: 0, latencies: [] };
      tallies.set(host, tally);
      const onLines = (lines: RawLine[]): void => {
        const now = Date.now();
        for (const line of lines) {
          if (line.text === 'start') started.add(host);
          const m = /^seq=(\d+) t=(\d+) /.exec(line.text);
          if (!m) continue;
          const n = Number(m[1]);
          tally.received++;
          if (tally.seen[n]) tally.duplicated++;
          tally.seen[n] = 1;
          tally.latencies.push(now - Number(m[2]));
        }
      };
      const source = { host, source: 'test', kind: 'syslog' as const, path };
      followers.push(
        followFiles(t, [source], onLines, { fromStart: true, onError: (e) => errors.push(`${host}: ${e.message}`) }),
      );
    }
    const deadline = Date.now() + 15_000;
    while (started.size < HOSTS.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect([...started].sort()).toEqual([...HOSTS].sort());

    const writers = HOSTS.map((host) =>
      lab
        .get(host)
        .exec(['perl', '-e', WRITER, scratch.get(host)!, String(RATE), String(SECONDS), String(ROTATIONS[host])], {
          timeoutMs: (SECONDS + 30) * 1000,
        }),
    );
    const written = await Promise.all(writers);
    const cpu = await Promise.all(HOSTS.map((h) => readerCpuSeconds(lab.get(h), scratch.get(h)!)));
    for (const w of written) expect(w.stderr).toBe('');
    expect(written.map((w) => w.stdout.trim())).toEqual(HOSTS.map((h) => `written ${total} rotations ${ROTATIONS[h]}`));
    const complete = (): boolean => [...tallies.values()].every((t) => t.received >= total);
    const end = Date.now() + 10_000;
    while (!complete() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1000)); // a late duplicate would arrive now
    for (const f of followers) f.stop();
    await Promise.all(followers.map((f) => f.done));

    const report = HOSTS.map((host) => {
      const t = tallies.get(host)!;
      let missing = 0;
      for (let n = 1; n <= total; n++) if (!t.seen[n]) missing++;
      return { host, written: total, received: t.received, missing, duplicated: t.duplicated };
    });
    const all = [...tallies.values()].flatMap((t) => t.latencies).sort((a, b) => a - b);
    const cpuPer10k = cpu.map((c, i) => `${HOSTS[i]} ${c === null ? '?' : ((c * 10_000) / total).toFixed(3)} s`);
    console.log(
      `follow rotation proof: ${JSON.stringify(report)}\n` +
        `latency write -> onLines over ${all.length} lines: p50 ${percentile(all, 50)} ms, ` +
        `p99 ${percentile(all, 99)} ms, max ${all[all.length - 1]} ms\n` +
        `reader CPU on the host per 10,000 lines: ${cpuPer10k.join(', ')}`,
    );
    expect(errors).toEqual([]);
    expect(report.map((r) => [r.host, r.missing, r.duplicated])).toEqual(HOSTS.map((h) => [h, 0, 0]));
  }, 150_000);
});
