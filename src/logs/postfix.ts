// The message part of a postfix line (the syslog frame already taken off by syslog-frame.ts): the queue id, what
// the line says (kind) and its key=value fields. Returns undefined for a program that is not postfix's and for
// a message of a shape this parser does not know (the caller counts it as unknown, and keeps the raw line).
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
