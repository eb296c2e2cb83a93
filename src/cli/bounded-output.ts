// Output of a stream that never ends (logs -f): lines wait for a slow terminal or pipe up to a cap; past it they
// are counted, not kept, and the count is said once the output has caught up. Memory stays bounded.
export interface BoundedOutput {
  push(lines: readonly string[]): void;
  settled(): Promise<void>; // everything accepted so far has been written (or failed)
}

export function boundedOutput(
  write: (lines: readonly string[]) => Promise<void>,
  onDropped: (count: number) => void,
  maxWaiting: number,
): BoundedOutput {
  let chain = Promise.resolve();
  let waiting = 0;
  let dropped = 0;
  return {
    push(lines) {
      if (lines.length === 0) return;
      if (waiting + lines.length > maxWaiting) {
        dropped += lines.length;
        return;
      }
      waiting += lines.length;
      chain = chain
        .then(() => write(lines))
        .catch(() => undefined) // a write error ends the process elsewhere (main.ts); not this chain's to report
        .then(() => {
          waiting -= lines.length;
          if (dropped > 0 && waiting === 0) {
            onDropped(dropped);
            dropped = 0;
          }
        });
    },
    settled: () => chain,
  };
}
