// Waits for every promise to settle, or ms, whichever comes first; never rejects. For close(): the commands
// just killed get a moment to report, but a host that does not answer never holds the exit.
export function settledWithin(promises: readonly Promise<unknown>[], ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void Promise.allSettled(promises).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
