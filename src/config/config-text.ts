// The text of the config file: a regular file of at most MAX_CONFIG_BYTES, in UTF-8.
import { decodeUtf8 } from './decode-text.js';
import { ConfigError } from './errors.js';
import { MAX_CONFIG_BYTES } from './limits.js';
import { readLimitedFile, whyUnreadable } from './read-limited.js';

export async function readConfigText(path: string): Promise<string> {
  let data: Buffer;
  try {
    ({ data } = await readLimitedFile(path, MAX_CONFIG_BYTES));
  } catch (err) {
    throw new ConfigError([`config file ${path} ${whyUnreadable(err)}`]);
  }
  const decoded = decodeUtf8(data);
  if ('text' in decoded) return decoded.text;
  const where = decoded.line !== undefined ? `${path}:${decoded.line}:1:` : `config file ${path}`;
  throw new ConfigError([`${where} ${decoded.problem}`]);
}
