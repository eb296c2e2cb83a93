// A mailbox search or a deletion that hangs (a cyrus stuck on a lock) must not hold --send past its deadline.
export function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  work.catch(() => undefined); // settles after the race was decided
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
