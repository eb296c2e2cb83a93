// Where a host's syslog writes each facility: the files a message of facility.severity (and program) lands in,
// walked through the parsed configuration in order, as rsyslog and sysklogd do (stop / '~' ends the walk).
import type { Filter, Statement, SyslogConfig } from './syslog-config.js';
import { SEVERITIES, severityIndex } from './syslog-selector.js';

export interface SyslogMessage {
  readonly facility: string; // "mail", "local6"
  readonly severity: string; // "info", "err"
  readonly program?: string; // matters only to program filters (":programname, ..." / "if $programname ...")
}

export interface FacilityRoute {
  readonly file: string;
  readonly severities: readonly string[]; // the severities of the facility that reach the file
}

// The facilities the mail stack logs to: postfix and amavis (mail), cyrus (local6 by default), cron,
// saslauthd and pam (auth, authpriv).
export const MAIL_STACK_FACILITIES = ['mail', 'local6', 'cron', 'authpriv', 'auth'] as const;

export function filesFor(config: SyslogConfig, message: SyslogMessage): string[] {
  const severity = severityIndex(message.severity);
  const files: string[] = [];
  walk(config.statements, message, severity, files);
  return files;
}

// Every file a facility reaches, with the severities that reach it (files in first-reached order).
export function routesOf(config: SyslogConfig, facility: string, program?: string): FacilityRoute[] {
  const routes = new Map<string, string[]>();
  for (const severity of SEVERITIES) {
    for (const file of filesFor(config, { facility, severity, program })) {
      routes.set(file, [...(routes.get(file) ?? []), severity]);
    }
  }
  return [...routes].map(([file, severities]) => ({ file, severities }));
}

// "where do mail.*, local6.*, cron.*, authpriv.* go": the files per facility, any severity.
export function mailStackSources(config: SyslogConfig): Record<string, string[]> {
  return Object.fromEntries(MAIL_STACK_FACILITIES.map((f) => [f, routesOf(config, f).map((r) => r.file)]));
}

// true when a stop was reached: nothing after it sees the message.
function walk(statements: readonly Statement[], message: SyslogMessage, severity: number, files: string[]): boolean {
  for (const statement of statements) {
    switch (statement.kind) {
      case 'file':
        if (!files.includes(statement.path)) files.push(statement.path);
        break;
      case 'stop':
        return true;
      case 'rule':
        if (matches(statement.filter, message, severity) && walk(statement.body, message, severity, files)) {
          return true;
        }
        break;
      case 'other':
        break;
    }
  }
  return false;
}

function matches(filter: Filter, message: SyslogMessage, severity: number): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'selector':
      return ((filter.masks.get(message.facility) ?? 0) & (1 << severity)) !== 0;
    case 'program': {
      if (message.program === undefined) return false; // a program's own rule: not for an unnamed program
      return programMatches(filter.op, filter.value, message.program) !== filter.negate;
    }
    case 'unknown':
      return false;
  }
}

function programMatches(op: string, value: string, program: string): boolean {
  if (op === 'isequal') return program === value;
  if (op === 'startswith') return program.startsWith(value);
  if (op === 'contains') return program.includes(value);
  if (op === 'regex' || op === 'ereregex') return new RegExp(value).test(program);
  return false;
}
