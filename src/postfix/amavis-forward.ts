// Where amavisd hands scanned mail back to postfix: $forward_method in its config (amavisd.conf or Debian's conf.d).

// Config files in the order amavisd reads them; a later definition wins.
export const AMAVIS_CONF_PATHS = [
  '/etc/amavis/conf.d/20-debian_defaults',
  '/etc/amavis/conf.d/50-user',
  '/etc/amavis/amavisd.conf',
  '/etc/amavisd.conf',
  '/etc/amavisd/amavisd.conf', // RHEL5, the seed
];

// amavisd-new's built-in value, when no file sets it.
export const DEFAULT_FORWARD_METHOD = 'smtp:[127.0.0.1]:10025';

export interface ForwardMethod {
  readonly value: string; // "smtp:[127.0.0.1]:10025", spaces removed
  readonly file: string;
}

// Lines of `grep -H forward_method FILE...`, files in AMAVIS_CONF_PATHS order: the last assignment wins.
// Commented-out lines and other variables (e.g. $notify_method) do not count.
export function forwardMethodFromGrep(stdout: string): ForwardMethod | undefined {
  return methodFromGrep(stdout, 'forward_method');
}

// The same for any "$name = '...';" of amavisd (forward_method, notify_method), from `grep -H` lines.
export function methodFromGrep(stdout: string, name: string): ForwardMethod | undefined {
  let found: ForwardMethod | undefined;
  const assignment = new RegExp(`^([^:]+):\\s*\\$${name}\\s*=\\s*(['"])(.*?)\\2\\s*;`);
  for (const line of stdout.split('\n')) {
    const m = assignment.exec(line);
    if (m?.[1] && m[3] !== undefined) found = { value: m[3].replace(/\s+/g, ''), file: m[1] };
  }
  return found;
}
