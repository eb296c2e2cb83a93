// Which postfix daemon wrote a line, from the syslog program name: "postfix/smtpd", "postfix/submission/smtpd"
// (a master.cf service name), "postfix-out/qmgr" (a second instance, multi_instance_name or syslog_name).
export interface PostfixProgram {
  readonly instance: string; // "postfix", "postfix-out", ...
  // the daemon ("smtpd", "qmgr", "smtp" ...), or the master.cf service name where master.cf sets
  // syslog_name=postfix/$service_name (the lab's "postfix/smtpcopy"); undefined for a bare "postfix"
  readonly service?: string;
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
