// Apache httpd's logs: error_log (2.2 "[Sun Dec 06 10:00:00 2026] [error] [client 1.2.3.4] text", 2.4 "[Sun Dec
// 06 10:00:00.123456 2026] [core:error] [pid 12:tid 34] [client 1.2.3.4:5678] AH00126: text"; local time with no
// zone) and access_log in the common or combined log format ("ip ident user [06/Dec/2026:10:00:00 +0100] "GET /
// HTTP/1.1" 200 123 "referer" "agent"", zoned).
import type { LogLevel, ParsedMessage } from './types.js';

export interface ApacheLine extends ParsedMessage {
  readonly time?: number; // epoch ms
  readonly pid?: number;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const MINUTE_MS = 60_000;

const ERROR_STAMP = /^\[\w{3} (\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? (\d{4})\] /;
const BRACKET = /^\[([^\]]*)\] ?/;
const ERROR_LEVEL: Readonly<Record<string, LogLevel>> = {
  emerg: 'error',
  alert: 'error',
  crit: 'error',
  error: 'error',
  warn: 'warn',
  notice: 'notice',
  info: 'info',
  debug: 'debug',
};

// utcOffsetMinutes: the host's offset, since error_log stamps are local time without a zone.
export function parseApacheErrorLine(line: string, utcOffsetMinutes: number): ApacheLine | undefined {
  const stamp = ERROR_STAMP.exec(line);
  if (!stamp) return undefined;
  const [, mon = '', day, hh, mm, ss, frac = '', year] = stamp;
  const month = MONTHS.indexOf(mon) / 3;
  if (!Number.isInteger(month) || month < 0) return undefined;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(Number(year), month, Number(day), Number(hh), Number(mm), Number(ss), ms);
  const fields: Record<string, string> = {};
  let level: LogLevel | undefined;
  let pid: number | undefined;
  let rest = line.slice(stamp[0].length);
  for (let b = BRACKET.exec(rest); b; b = BRACKET.exec(rest)) {
    const item = b[1]!;
    const lv = /^(?:([\w-]+):)?(emerg|alert|crit|error|warn|notice|info|debug|trace\d)$/.exec(item);
    const pidItem = /^pid (\d+)(?::tid (\d+))?$/.exec(item);
    const client = /^(?:client|remote) (\S+)$/.exec(item);
    if (lv) {
      level = ERROR_LEVEL[lv[2]!] ?? 'debug';
      fields.severity = lv[2]!;
      if (lv[1] !== undefined) fields.module = lv[1];
    } else if (pidItem) pid = Number(pidItem[1]);
    else if (client) Object.assign(fields, clientFields(client[1]!));
    else break; // a bracket of the message itself
    rest = rest.slice(b[0].length);
  }
  const code = /^(AH\d{5}): /.exec(rest);
  if (code) fields.code = code[1]!;
  fields.text = rest;
  const time = local - utcOffsetMinutes * MINUTE_MS;
  return { time, level, kind: 'error-log', fields, ...(pid === undefined ? {} : { pid }) };
}

// "1.2.3.4:5678" (2.4) or "1.2.3.4" (2.2); IPv6 addresses hold colons themselves, so the port is the last part
// only when what is left still looks like an address.
function clientFields(client: string): Record<string, string> {
  const m = /^(.*):(\d+)$/.exec(client);
  const ip = m?.[1] ?? '';
  if (m && (ip.includes('.') || ip.includes(':')) && !ip.endsWith(':')) return { client_ip: ip, client_port: m[2]! };
  return { client_ip: client };
}

const ACCESS =
  /^(\S+) (\S+) (\S+) \[(\d{2})\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)\] "((?:[^"\\]|\\.)*)" (\d{3}|-) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?/;

export function parseApacheAccessLine(line: string): ApacheLine | undefined {
  const m = ACCESS.exec(line);
  if (!m) return undefined;
  const [, client, , user, day, mon, year, hh, mm, ss, sign, zh, zm, request, status, bytes, referer, agent] = m;
  const month = MONTHS.indexOf(mon!) / 3;
  if (!Number.isInteger(month) || month < 0) return undefined;
  const offset = (sign === '-' ? -1 : 1) * (Number(zh) * 60 + Number(zm));
  const time = Date.UTC(Number(year), month, Number(day), Number(hh), Number(mm), Number(ss)) - offset * MINUTE_MS;
  const fields: Record<string, string> = { client_ip: client!, request: request!, status: status! };
  if (user !== '-') fields.user = user!;
  if (bytes !== '-') fields.bytes = bytes!;
  const req = /^(\S+) (\S+)(?: (\S+))?$/.exec(request!);
  if (req) Object.assign(fields, { method: req[1]!, path: req[2]! }, req[3] ? { protocol: req[3] } : {});
  if (referer !== undefined && referer !== '-') fields.referer = referer;
  if (agent !== undefined && agent !== '-') fields.agent = agent;
  const code = Number(status);
  const level: LogLevel = code >= 500 ? 'error' : 'info';
  return { time, level, kind: 'request', fields };
}
