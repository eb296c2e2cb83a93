// The OX context and admin that the host's own OX jobs use: oxldapsync and the admin CLI as a crontab or a
// job script calls them (the seed: `oxldapsync.pl CONF -A oxadmin -P secret -c 1` in /etc/cron.d/ox).

export interface AdminInvocation {
  readonly context: number;
  readonly admin: string;
  readonly password?: string; // -P VALUE, when the job passes it on its command line
  readonly line: string; // where it was found, for the evidence (the password masked)
}

// A line that runs an OX admin tool or oxldapsync; comments and variable assignments are not calls.
const OX_CALL = /(?:\boxldapsync[\w.-]*|\/opt\/open-xchange\/sbin\/\w+)\s/;
const OPTION = (flag: string): RegExp => new RegExp(`(?:^|\\s)${flag}\\s+(?:"([^"$]+)"|'([^']+)'|([^\\s"'$;|&]+))`);

// The first call that names both the context (-c) and the admin (-A) as literal values.
export function findAdminInvocation(text: string): AdminInvocation | null {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || !OX_CALL.test(`${line} `)) continue;
    const context = valueOf(OPTION('-c'), line);
    const admin = valueOf(OPTION('-A'), line);
    if (!context || !/^\d+$/.test(context) || !admin) continue;
    const password = valueOf(OPTION('-P'), line);
    const shown = password ? line.replace(OPTION('-P'), (m) => m.replace(password, '********')) : line;
    return { context: Number(context), admin, ...(password ? { password } : {}), line: shown };
  }
  return null;
}

function valueOf(re: RegExp, line: string): string | undefined {
  const m = re.exec(line);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}
