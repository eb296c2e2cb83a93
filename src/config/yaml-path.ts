// Key paths into a config document, and how messages write them.
import { quoted } from './quote.js';

export type KeyPath = readonly (string | number)[];

// hosts.servera.ssh.port, thresholds["queue.deferred"].warn, hosts.a.roles[1]
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${quoted(seg)}]`;
  }
  return out === '' ? '(top level)' : out;
}
