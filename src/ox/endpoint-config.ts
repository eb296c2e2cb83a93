// Parsers of the files that say where OX's pieces listen: ajp.properties / server.properties (AJP),
// configdb.properties (jdbc URL) and Apache's config (Listen, literal Includes).

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export function apacheIncludes(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*Include(?:Optional)?\s+"?([^"\s]+)"?/gim)) {
    if (m[1] && !/[*?[]/.test(m[1])) out.push(m[1]);
  }
  return out;
}

// OX6 "AJP_BIND_ADDR=*" (all addresses, probed on loopback) or a single address.
export function ajpBindHost(text: string): string | undefined {
  const m = /^\s*AJP_BIND_ADDR\s*[=:]\s*(\S+)/m.exec(text);
  if (!m?.[1]) return undefined;
  return loopbackFor(m[1]);
}

// The first "Listen [addr:]port" of Apache's config; "Listen 80" is probed on loopback.
export function apacheListen(text: string): HostPort | undefined {
  const m = /^\s*Listen\s+(?:\[?([^\]\s]*?)\]?:)?(\d+)\b/im.exec(text);
  if (!m?.[2]) return undefined;
  return { host: loopbackFor(m[1] ?? ''), port: Number(m[2]) };
}

function loopbackFor(address: string): string {
  return ['', '*', '0.0.0.0', 'localhost', '::'].includes(address) ? '127.0.0.1' : address;
}

// OX6 "AJP_PORT=8009"; OX7 "com.openexchange.connector.networkListenerPort=8009" (AJP before 7.8 used the same key).
export function ajpPort(text: string): number | undefined {
  const m = /^\s*(?:AJP_PORT|com\.openexchange\.connector\.networkListenerPort)\s*[=:]\s*(\d+)/m.exec(text);
  return m?.[1] ? Number(m[1]) : undefined;
}

// "readUrl=jdbc:mysql://localhost:3313/configdb" -> 127.0.0.1:3313
export function configdbTarget(text: string): HostPort | undefined {
  const m = /^\s*(?:readUrl|writeUrl)\s*[=:]\s*jdbc:mysql:\/\/([^:/\s]+)(?::(\d+))?/m.exec(text);
  if (!m?.[1]) return undefined;
  return { host: m[1] === 'localhost' ? '127.0.0.1' : m[1], port: m[2] ? Number(m[2]) : 3306 };
}
