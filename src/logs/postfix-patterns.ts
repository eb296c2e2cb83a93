// A table of message shapes: a regular expression, the kind it means, and the field each group fills.
// Groups named client, host or server are peers "name[ip]:port" and also give *_name, *_ip and *_port.
import type { LogLevel } from './types.js';
import { addPeer, addReply, type Fields } from './postfix-fields.js';
import type { Classified } from './postfix-delivery.js';

export interface MessageShape {
  readonly re: RegExp;
  readonly kind: string;
  readonly level?: LogLevel;
  readonly groups: readonly string[]; // field names, in group order
}

const PEERS = new Set(['client', 'host', 'server']);

export function matchShapes(shapes: readonly MessageShape[], text: string): Classified | undefined {
  for (const s of shapes) {
    const m = s.re.exec(text);
    if (!m) continue;
    const fields: Fields = {};
    s.groups.forEach((name, i) => {
      const v = m[i + 1];
      if (v === undefined) return;
      if (PEERS.has(name)) addPeer(fields, name, v);
      else if (name === 'reply') addReply(fields, v);
      else fields[name] = v;
    });
    return { kind: s.kind, level: s.level, fields };
  }
  return undefined;
}

// A peer as postfix writes it: "name[address]" with an optional ":port".
export const PEER = String.raw`([^\s[]*\[[^\]]*\](?::\d+)?)`;
