// Reading a host's config file as text, with evidence whose secret values are masked by the file's format.
import type { Transport } from '../transport/types.js';
import type { FactContext } from './context.js';
import { maskAndRegister } from './mask-secrets.js';

export interface TextFile {
  readonly path: string;
  readonly text: string;
  readonly mtimeMs: number;
}

// The file as text, or null when it does not exist; evidence names the path and shows the content.
export async function readText(ctx: Pick<FactContext, 'transport' | 'record'>, path: string): Promise<TextFile | null> {
  const file = await ctx.transport.readFile(path);
  if (file === null) {
    ctx.record(`read ${path}`, '(no such file)');
    return null;
  }
  const text = file.data.toString('utf8');
  ctx.record(
    `read ${path}`,
    maskAndRegister(path, text) + (file.truncated ? `\n(truncated at ${file.data.length} of ${file.size} bytes)` : ''),
  );
  return { path, text, mtimeMs: file.mtimeMs };
}

// True when path exists as a file or directory. Directories are not readable as files: the local
// transport says "not a regular file", ssh reads say "Is a directory"; both mean it is there.
export async function pathExists(reader: Pick<Transport, 'readFile'>, path: string): Promise<boolean> {
  try {
    return (await reader.readFile(path, { maxBytes: 1 })) !== null;
  } catch (err) {
    return /not a regular file|is a directory|EISDIR/i.test(err instanceof Error ? err.message : String(err));
  }
}
