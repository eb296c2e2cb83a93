// The one thing discovery needs from a host: reading files. A Transport is one; so is the local disk.
import { readFile } from 'node:fs/promises';
import type { FileContent, Transport } from '../transport/types.js';

export type FileReader = Pick<Transport, 'readFile'>;

export async function readTextFile(reader: FileReader, path: string): Promise<string | null> {
  const file = await reader.readFile(path, { maxBytes: 1 << 20 });
  return file ? file.data.toString('utf8') : null;
}

// Reads the machine oxdoctor runs on without spawning anything (the embedded default must be fast).
export const localFiles: FileReader = {
  async readFile(path, options) {
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      if (code === 'EISDIR') throw new Error(`${path}: not a regular file`);
      throw err;
    }
    const max = options?.maxBytes ?? data.length;
    const kept = options?.tail ? data.subarray(Math.max(0, data.length - max)) : data.subarray(0, max);
    const content: FileContent = { path, data: kept, size: data.length, truncated: kept.length < data.length, mtimeMs: 0 };
    return content;
  },
};
