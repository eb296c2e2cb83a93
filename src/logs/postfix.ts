// The message part of a postfix line (the syslog frame already taken off by syslog-frame.ts): the queue id, what
// the line says (kind) and its key=value fields. Returns undefined for a program that is not postfix's and for
// a message of a shape this parser does not know (the caller counts it as unknown, and keeps the raw line;
// splitQueueId(message).queueId still names the queue file of such a line).
//
// Kinds, by what trace follows:
//   a message enters: client (smtpd "ID: client=", also NOQUEUE), pickup (uid= from=), message-id (cleanup),
//     from (qmgr "from=, size=, nrcpt= (queue active)"), proxy-accept (before-queue filter, queued_as)
//   it leaves: delivered (status=sent, any agent: smtp lmtp local virtual pipe error discard), deferred,
//     bounced, expired (qmgr or postsuper), deliverable/undeliverable (address probes), removed, requeued,
//     passing (local(8) to mailbox_transport), hold, released, skipped; notification (bounce: the DSN's new
//     queue id in queued_as)
//   refused: reject (smtpd/postscreen/cleanup/milter/proxy), reject-warning, discard, hold, filter, redirect,
//     prepend, replace, check-log (header_checks WARN/INFO)
//   the smtp client: reply ("host X said: ..."), connect-failed, lost-connection, timeout, auth-failed
//   sessions: connect, disconnect (with the command counters), lost-connection, timeout, too-many-errors,
//     pipelining, bare-lf, tls, tls-error, auth-failed (SASL), ehlo-discard
//   daemons: started, reload, stopped, control/running/not-running (postfix-script), statistics, pass,
//     allowlisted, denylisted, veto, screen (postscreen tests), dnsbl-listed, cache-cleanup, postsuper-summary,
//     table-changed; warning, error, fatal, panic for the daemons' own complaints (fields.text)
// Fields keep postfix's names (from to orig_to relay delay delays dsn status size nrcpt message-id client
// sasl_method sasl_username orig_client helo proto); addresses lose their <>, from="" is the null sender;
// peers add *_name, *_ip, *_port; status= adds status_text and, from it, queued_as (the next hop's queue id)
// or forwarded_as (local(8) forwarding); rejects add stage, reply, code, dsn and the envelope tail.
import type { LogLevel, ParsedMessage } from './types.js';
import { type Classified, parseKeyValueMessage } from './postfix-delivery.js';
import { parseAction } from './postfix-action.js';
import { parseDaemon } from './postfix-daemon.js';
import { postfixProgram } from './postfix-program.js';
import { parseQueueEvent } from './postfix-queue-events.js';
import { splitQueueId } from './postfix-queue-id.js';
import { parseSaslFailure, parseSession } from './postfix-session.js';

export { postfixProgram } from './postfix-program.js';
export { isQueueId, splitQueueId } from './postfix-queue-id.js';

const SEVERITY = /^(warning|error|fatal|panic): (.*)$/s;
const SEVERITY_LEVEL: Readonly<Record<string, LogLevel>> = {
  warning: 'warn',
  error: 'error',
  fatal: 'error',
  panic: 'error',
};

function classify(rest: string): Classified | undefined {
  return (
    parseKeyValueMessage(rest) ?? parseAction(rest) ?? parseSession(rest) ?? parseQueueEvent(rest) ?? parseDaemon(rest)
  );
}

// "warning: ...", "fatal: ...": the daemon's own complaint; a queue id may follow the severity.
function severityLine(rest: string): ParsedMessage | undefined {
  const m = SEVERITY.exec(rest);
  if (!m) return undefined;
  const severity = m[1]!;
  const level = SEVERITY_LEVEL[severity]!;
  const sasl = severity === 'warning' ? parseSaslFailure(m[2]!) : undefined;
  if (sasl) return { kind: sasl.kind, level, fields: sasl.fields };
  const inner = splitQueueId(m[2]!);
  return { queueId: inner.queueId, kind: severity, level, fields: { text: inner.rest } };
}

export function parsePostfixMessage(program: string, message: string): ParsedMessage | undefined {
  if (!postfixProgram(program)) return undefined;
  const { queueId, rest } = splitQueueId(message.trimEnd());
  const c = classify(rest);
  if (c) return { queueId, kind: c.kind, level: c.level ?? 'info', fields: c.fields };
  const s = severityLine(rest);
  if (s) return { ...s, queueId: queueId ?? s.queueId };
  return undefined;
}
