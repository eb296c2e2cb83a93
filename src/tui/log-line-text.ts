// A log line as the pane shows it: host, the time (the host's clock offset already taken off), source, and
// the program's message without its syslog frame; a multi-line record shows its first line and a count.
import type { LogLine } from '../logs/types.js';
import { clock } from './format.js';

// Host prefix colours, by the host's place in the configured list.
const HOST_COLORS = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'redBright', 'cyanBright', 'magentaBright'];

export function hostColor(host: string, hosts: readonly string[]): string {
  const i = hosts.indexOf(host);
  return HOST_COLORS[(i < 0 ? hosts.length : i) % HOST_COLORS.length]!;
}

export function logLineText(line: LogLine): string {
  const time = line.time === undefined ? '--:--:--' : clock(line.time);
  const [first = '', ...rest] = line.raw.split('\n');
  const more = rest.length > 0 ? ` (+${rest.length} lines)` : '';
  return `${time} ${line.source} ${withoutFrame(first, line)}${more}`;
}

// From the program's tag on: "postfix/smtpd[123]: connect from ..." (the stamp and hostname are in the columns).
function withoutFrame(text: string, line: LogLine): string {
  if (line.program === undefined) return text;
  const tag = line.pid === undefined ? `${line.program}:` : `${line.program}[${line.pid}]:`;
  const at = text.indexOf(tag);
  return at < 0 ? text : text.slice(at);
}
