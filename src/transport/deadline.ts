// One signal for "the caller gave up or the time ran out", remembering which of the two it was.

export interface Deadline {
  readonly signal: AbortSignal;
  timedOut(): boolean;
  cancelled(): boolean;
  dispose(): void;
}

export function deadline(parent?: AbortSignal, timeoutMs?: number): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  let cancelled = false;
  const onParentAbort = (): void => {
    cancelled = true;
    controller.abort(parent?.reason);
  };
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  const timer =
    timeoutMs !== undefined && timeoutMs > 0 && !controller.signal.aborted
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs)
      : undefined;
  timer?.unref?.();
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    cancelled: () => cancelled,
    dispose: () => {
      if (timer) clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
