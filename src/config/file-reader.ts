// The one thing discovery needs from a host: reading files. A Transport is one; so is the local disk.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { EnvironmentError, messageOf } from '../core/errors.js';
import { DEFAULT_READ_MAX_BYTES, readWindow } from '../transport/read-window.js';
import type { FileContent, Transport } from '../transport/types.js';

export type FileReader = Pick<Transport, 'readFile'>;

export async function readTextFile(reader: FileReader, path: string): Promise<string | null> {
  const file = await reader.readFile(path, { maxBytes: 1 << 20 });
  return file ? file.data.toString('utf8') : null;
}

// Reads the machine oxdoctor runs on without spawning anything (the embedded default must be fast), and
// only what was asked for: a FIFO is refused before it can hold the open, a big file is read in part.
export const localFiles: FileReader = {
  async readFile(path, options = {}) {
    let handle;
    try {
      handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw new EnvironmentError(`cannot read ${path}: ${messageOf(err)}`, undefined, { cause: err });
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new EnvironmentError(`cannot read ${path}: not a regular file`);
      const max = options.maxBytes ?? DEFAULT_READ_MAX_BYTES;
      const { start, length } = readWindow(stat.size, max, options.tail ?? false);
      const data = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await handle.read(data, got, length - got, start + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      const content: FileContent = {
        path,
        data: data.subarray(0, got),
        size: stat.size,
        truncated: got < stat.size,
        mtimeMs: 0,
      };
      return content;
    } finally {
      await handle.close();
    }
  },
};
