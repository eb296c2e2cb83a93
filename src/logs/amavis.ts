// The message part of amavis (amavisd-new) syslog lines: "(12345-01) Passed CLEAN {RelayedInbound}, [ip]:port
// [ip] <from> -> <to>,<to2>, Queue-ID: X, Message-ID: <..>, mail_id: .., Hits: .., size: .., queued_as: Y,
// 2345 ms", the virus and scanner lines, and any other line that carries the task id (am_id) "(pid-nn)".
// Split long lines (see amavis-join.ts) are to be joined before they come here.
import type { LogLevel, ParsedMessage } from './types.js';

// The syslog program names amavis logs under (amavisd-new's default ident, and packagers' variants).
export const AMAVIS_PROGRAM = /^(?:amavis|amavisd|amavisd-new)$/;

const AM_ID = /^\((\d+-\d+(?:-\d+)?)\) /;
// "(!)" marks a problem, "(!!)" a serious one (amavisd's own alert marks).
const ALERT = /^\((!!?)\)\s*/;
// The contents category may be absent (amavisd-new before 2.4: "Passed, <a> -> <b>, ..."), and a banned
// part's description holds parentheses of its own: "Blocked BANNED (multipart/mixed | .exe,(1).reg), ...".
const ACTIONS = ['Passed', 'Blocked', 'Not-Delivered', 'Discarded', 'Bounced', 'Rejected', 'Quarantined'];
const VERDICT = new RegExp(
  String.raw`^(${ACTIONS.join('|')})(?: ([A-Z][A-Z0-9-]*))?(?: \((.*?)\))?(?: \{([^}]*)\})?, (.*)$`,
);
// The oldest releases log "INFECTED (name), <a> -> <b>, quarantine ..." with no action word.
const OLD_INFECTED = /^INFECTED \(/;
// Spam scores, at log level 2 or on kill: "SPAM, <a> -> <b>, Yes, score=17.7 ... tests=[...]".
const SPAM_REPORT = /^(SPAM(?:-TAG)?|Spam-tag), (.*?), (Yes|No), (?:score|hits)=([-+x\d.]+)/i;
const ENVELOPE = /(?:^|\s)<([^>]*)> -> ((?:<[^>]*>,?)+)/;
// Values are tokens or <...>: some releases drop a comma ("Hits: 2.54 size: 4134").
const KEYS =
  /(?:^|,? )(Queue-ID|Message-ID|Resent-Message-ID|mail_id|Hits|size|queued_as|quarantine): (<[^>]*>|[^,\s]*)/g;
const FIELD_NAME: Readonly<Record<string, string>> = {
  'Queue-ID': 'queue_id',
  'Message-ID': 'message-id',
  'Resent-Message-ID': 'resent-message-id',
  Hits: 'hits',
};
const ELAPSED = /, (\d+) ms$/;
const RUN_AV_INFECTED = /^run_av \(([^)]*)\): .* INFECTED: (.*)$/;
const VIRUS_SCAN = /^virus_scan: \((.*)\), detected by (\d+) scanners?: (.*)$/;
const SCANNER_FAILED = /^(\S+) av-scanner FAILED: (.*)$/;
// Lines of the parent process (no am_id) at start-up and shut-down.
const PARENT = [
  'starting.',
  'Net::Server:',
  'Module ',
  'Found ',
  'No decoder',
  'No ext program',
  'Internal decoder',
  'Using primary',
  'Using secondary',
  'SpamControl:',
  'extra modules',
  'initializing',
  'Deleting db files',
  'Creating db',
  'user=',
  'ANTI-VIRUS code',
  'ANTI-SPAM',
  'AM.PDP',
  'Amavis::',
  'SpamAssassin',
  'Perl version',
  'TERM received',
  'TIMING',
  'perl=',
  'No $',
  'logging initialized',
  'SQL ',
  'SQL::',
  'Lookup::',
];

export function parseAmavisMessage(message: string): ParsedMessage | undefined {
  const id = AM_ID.exec(message);
  if (!id) return parentMessage(message);
  let text = message.slice(id[0].length);
  const fields: Record<string, string> = { am_id: id[1]! };
  let level: LogLevel = 'info';
  const alert = ALERT.exec(text);
  if (alert) {
    level = alert[1] === '!!' ? 'error' : 'warn';
    text = text.slice(alert[0].length);
  }
  if (text.startsWith('...')) return { level, kind: 'continuation', fields: { ...fields, text } };
  const verdict = VERDICT.exec(OLD_INFECTED.test(text) ? `Blocked ${text}` : text);
  if (verdict) return parseVerdict(verdict, fields);
  const spam = SPAM_REPORT.exec(text);
  if (spam) {
    const env = ENVELOPE.exec(spam[2]!);
    const addresses: Record<string, string> = env ? { from: env[1]!, to: recipients(env[2]!) } : {};
    return { level, kind: 'spam-score', fields: { ...fields, ...addresses, spam: spam[3]!, hits: spam[4]! } };
  }
  const infected = RUN_AV_INFECTED.exec(text);
  if (infected) {
    return { level: 'warn', kind: 'infected', fields: { ...fields, scanner: infected[1]!, virus: infected[2]! } };
  }
  const scan = VIRUS_SCAN.exec(text);
  if (scan) {
    const out = { ...fields, virus: scan[1]!, scanners: scan[3]!, detections: scan[2]! };
    return { level: 'warn', kind: 'infected', fields: out };
  }
  const failed = SCANNER_FAILED.exec(text);
  if (failed) {
    return { level: 'error', kind: 'scanner-failed', fields: { ...fields, scanner: failed[1]!, reason: failed[2]! } };
  }
  if (/^TROUBLE in /.test(text)) return { level: 'error', kind: 'trouble', fields: { ...fields, reason: text } };
  return { level, kind: 'note', fields: { ...fields, text } };
}

function parseVerdict(m: RegExpExecArray, idFields: Record<string, string>): ParsedMessage {
  const fields: Record<string, string> = { ...idFields, action: m[1]!, verdict: m[2] ?? '' };
  if (m[3] !== undefined) fields[m[2] === 'INFECTED' ? 'virus' : 'detail'] = m[3];
  if (m[4] !== undefined) fields.policy = m[4];
  const rest = m[5]!;
  const env = ENVELOPE.exec(rest);
  if (env) {
    fields.client = rest.slice(0, env.index).trim();
    // "[ip]:port [origin-ip]": the SMTP client (postfix) first, then the originating address from Received.
    const peer = /\[([^\]]+)\](?::(\d+))?/.exec(fields.client);
    if (peer) fields.client_ip = peer[1]!;
    if (peer?.[2]) fields.client_port = peer[2];
    fields.from = env[1]!;
    fields.to = recipients(env[2]!);
  }
  for (const kv of rest.matchAll(KEYS)) {
    const value = kv[2]!;
    fields[FIELD_NAME[kv[1]!] ?? kv[1]!] = value.startsWith('<') ? value.slice(1, -1) : value;
  }
  const elapsed = ELAPSED.exec(rest);
  if (elapsed) fields.elapsed_ms = elapsed[1]!;
  const level: LogLevel = m[1] === 'Passed' ? 'info' : 'warn';
  const kind = m[1] === 'Passed' ? 'passed' : 'blocked';
  return fields.queue_id ? { queueId: fields.queue_id, level, kind, fields } : { level, kind, fields };
}

function recipients(list: string): string {
  return [...list.matchAll(/<([^>]*)>/g)].map((r) => r[1]!).join(',');
}

// The parent process logs without a task id: start-up and shut-down, and its own alerts ("(!!)FATAL: ...").
function parentMessage(message: string): ParsedMessage | undefined {
  const alert = ALERT.exec(message);
  if (alert) {
    const text = message.slice(alert[0].length);
    return { level: alert[1] === '!!' ? 'error' : 'warn', kind: 'daemon', fields: { text } };
  }
  if (!PARENT.some((p) => message.startsWith(p))) return undefined;
  return { level: 'info', kind: 'daemon', fields: { text: message } };
}
