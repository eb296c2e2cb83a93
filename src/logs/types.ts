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
  readonly raw: string; // the line (or the record, for multi-line records) exactly as read
}

// A program's message parsed without its frame: what a per-program parser returns.
export interface ParsedMessage {
  readonly queueId?: string;
  readonly level?: LogLevel;
  readonly fields: Readonly<Record<string, string>>;
  readonly kind?: string; // what the line says, for trace: "connect", "queued", "delivered", "deferred", ...
}
