// A line's level when its program's parser gave none: the syslog severity when the frame carries one (RFC 5424,
// BusyBox), else words of the message (error/fatal/panic, warning, reject).
import type { LogLevel } from './types.js';

const SEVERITY_LEVEL: readonly LogLevel[] = ['error', 'error', 'error', 'error', 'warn', 'notice', 'info', 'debug'];
const ERROR_WORDS = /\b(?:error|fatal|panic)\b/i;
const WARN_WORDS = /\b(?:warning|reject(?:ed)?)\b/i;

export function levelOfPriority(priority: number | undefined): LogLevel | undefined {
  return priority === undefined ? undefined : SEVERITY_LEVEL[priority % 8];
}

export function levelOfWords(text: string): LogLevel | undefined {
  if (ERROR_WORDS.test(text)) return 'error';
  if (WARN_WORDS.test(text)) return 'warn';
  return undefined;
}
