// A bundle's peak memory (issue 18: under 150 MB with a 1 GiB log in the window). Two things V8 does by default
// cost it most: the young generation grows to 16 MB semi-spaces, and Buffers that outlive two scavenges (a
// channel's 2 MB of unread log data does, under a small young generation) wait in old space for a full GC that
// V8 starts only after 64 MB more of them. So: the young generation stays at its first 1 MB, and a full GC runs
// whenever the Buffers' memory passes a limit.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

const BUFFERS_LIMIT = 12 * 1024 * 1024;
const POLL_MS = 25;

// Returns a function that stops the watch.
export function keepMemoryDown(limit = BUFFERS_LIMIT): () => void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  if (typeof gc !== 'function') return () => undefined;
  const watch = setInterval(() => {
    if (process.memoryUsage().arrayBuffers > limit) gc();
  }, POLL_MS);
  watch.unref();
  return () => clearInterval(watch);
}
