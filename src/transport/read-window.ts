// Which part of a file readFile returns: the head or the tail, at most maxBytes.

export const DEFAULT_READ_MAX_BYTES = 4 * 1024 * 1024;

export function readWindow(size: number, maxBytes: number, tail: boolean): { start: number; length: number } {
  const length = Math.min(size, Math.max(0, maxBytes));
  return { start: tail ? size - length : 0, length };
}
