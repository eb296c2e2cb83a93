// The one function that turns an argv array into a POSIX sh command line.
// Every remote command goes through it; nothing else builds shell strings.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteArg(arg: string): string {
  if (arg.includes('\0')) throw new TypeError('argument contains a NUL byte, which no shell can pass');
  if (arg.length > 0 && SAFE.test(arg)) return arg;
  // Single quotes keep everything literal; a single quote itself becomes '\''.
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function quoteArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new TypeError('empty argv');
  return argv.map(quoteArg).join(' ');
}
