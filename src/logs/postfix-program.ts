// Which postfix daemon wrote a line, from the syslog program name: "postfix/smtpd", "postfix/submission/smtpd"
// (a master.cf service name), "postfix-out/qmgr" (a second instance, multi_instance_name or syslog_name).
export interface PostfixProgram {
  readonly instance: string; // "postfix", "postfix-out", ...
  readonly service?: string; // the daemon: "smtpd", "qmgr", "smtp" ...; undefined for a bare "postfix"
  readonly name?: string; // the master.cf service between instance and daemon: "submission", "amavis"
}

const PROGRAM = /^(postfix(?:-[^/\s]+)?)(?:\/(.+))?$/;

export function postfixProgram(program: string): PostfixProgram | undefined {
  const m = PROGRAM.exec(program);
  if (!m) return undefined;
  const parts = m[2]?.split('/') ?? [];
  const service = parts.pop();
  return { instance: m[1]!, service, name: parts.length > 0 ? parts.join('/') : undefined };
}
