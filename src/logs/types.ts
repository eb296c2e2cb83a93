// One log line as oxdoctor reads it from a host: the syslog frame taken apart, and what the program's own
// parser found in the message. The shape `oxdoctor logs --format json` prints, one object per line.

export type LogLevel = 'debug' | 'info' | 'notice' | 'warn' | 'error';

export interface LogLine {
  readonly host: string; // the configured host oxdoctor read the file from (postfix's own names do not tell)
  readonly source: string; // "maillog", "ox", "oxldapsync", "cron", "messages", ...
  readonly time?: number; // epoch ms; undefined when the line has no stamp oxdoctor can place
  readonly syslogHost?: string; // the hostname in the syslog frame, when there is one
  readonly program?: string; // "postfix/smtpd", "amavis", "imap", "lmtpunix", "saslauthd", "open-xchange"
  readonly pid?: number;
  readonly queueId?: string; // postfix queue id ("NOQUEUE" is not an id: then undefined)
  readonly level?: LogLevel;
  readonly fields: Readonly<Record<string, string>>; // from=, to=, status=, message-id=, queued_as, ...
  readonly kind?: string; // what the line says (ParsedMessage.kind): "client", "delivered", "deferred", ...
  readonly raw: string; // the line (or the record, for multi-line records) exactly as read
  // The host clock minus oxdoctor's, in ms, already taken off `time` (so lines of all hosts sort together).
  readonly clockOffsetMs?: number;
}

// A program's message parsed without its frame: what a per-program parser returns.
export interface ParsedMessage {
  readonly queueId?: string;
  readonly level?: LogLevel;
  readonly fields: Readonly<Record<string, string>>;
  readonly kind?: string; // what the line says, for trace: "connect", "queued", "delivered", "deferred", ...
}

// What a log file holds, which decides how its lines are framed and parsed.
export type SourceKind = 'syslog' | 'ox' | 'oxldapsync' | 'apache-error' | 'apache-access';

// One log a host writes, found from its syslog configuration and the installed software.
export interface LogSource {
  readonly host: string;
  // The name users pick with --source: "maillog", "messages", "secure", "cron", "ox", "ox-admin", "ox-console",
  // "oxldapsync", "apache-error", "apache-access" (a syslog file is named after its base name).
  readonly source: string;
  readonly kind: SourceKind;
  readonly path: string; // the live file
}

// One file of a source on the host: the live file or a rotated one (".1", "-20261206", ".gz").
export interface LogFile {
  readonly source: LogSource;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly gzip: boolean;
  readonly rotated: boolean;
}

// A line as read from a host, before parsing. fileMtimeMs places RFC 3164's yearless stamps.
export interface RawLine {
  readonly source: LogSource;
  readonly path: string;
  readonly text: string; // without the newline
  readonly fileMtimeMs: number;
}
