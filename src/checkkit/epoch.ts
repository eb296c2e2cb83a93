// The host's clock as `date +%s.%N` prints it, for the checks that compare it with ours.
// "1764064000.123456789", or "1764064000.N"/"1764064000.%N" where date has no %N (busybox, old BSD).
export function parseEpoch(stdout: string): number | null {
  const m = /^(\d+)(?:\.(\d+|%?N))?\s*$/.exec(stdout.trim());
  if (!m?.[1]) return null;
  const fraction = m[2] && /^\d+$/.test(m[2]) ? Number(`0.${m[2]}`) : 0;
  return Number(m[1]) + fraction;
}
