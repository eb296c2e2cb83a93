// A host's clock minus ours, measured as NTP does: a few `date -u +%s.%N` round trips, keeping the sample with
// the shortest one (in a busy sweep the first command may wait for an SSH channel, skewing the offset by up to
// half of that wait). Used by host/clock and by `oxdoctor logs` to correct each host's timestamps.
import type { ExecResult } from '../core/transport.js';
import { parseEpoch } from '../checkkit/epoch.js';

const SAMPLES = 3;
const GOOD_RTT_MS = 200; // a round trip this short needs no further sample

export type ClockOffset =
  { readonly offsetMs: number; readonly rttMs: number } | { readonly error: string; readonly timedOut?: boolean };

export async function measureClockOffset(exec: (argv: readonly string[]) => Promise<ExecResult>): Promise<ClockOffset> {
  let best: { offsetMs: number; rttMs: number } | null = null;
  for (let i = 0; i < SAMPLES && (best === null || best.rttMs > GOOD_RTT_MS); i++) {
    const before = Date.now();
    const r = await exec(['date', '-u', '+%s.%N']);
    const after = Date.now();
    if (r.timedOut) return { error: 'date -u did not return in time', timedOut: true };
    const remote = parseEpoch(r.stdout);
    if (r.code !== 0 || remote === null) {
      return { error: `date -u printed ${JSON.stringify(r.stdout.trim() || r.stderr.trim())}` };
    }
    // The remote clock was read somewhere inside the round trip; its middle is the best guess.
    const sample = { offsetMs: Math.round(remote * 1000 - (before + after) / 2), rttMs: after - before };
    if (best === null || sample.rttMs < best.rttMs) best = sample;
  }
  return best!;
}

// Below a second, an offset is measurement noise next to syslog's whole-second stamps: taking it off would only
// reorder lines of the same second between hosts. What logs corrects lines by.
export const OFFSET_NOISE_MS = 1000;

export function correctionOf(offsetMs: number): number {
  return Math.abs(offsetMs) < OFFSET_NOISE_MS ? 0 : offsetMs;
}
