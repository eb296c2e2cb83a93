#!/usr/bin/env node
// The oxdoctor binary.
const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // The fast path: scripts call --version often, so it loads nothing but package.json.
  const { toolVersion } = await import('./version.js');
  process.stdout.write(`${toolVersion()}\n`);
} else {
  // React's development build checks and times every render (a quarter of the dashboard's CPU while a
  // sweep runs); a tool's users get the production build unless they ask otherwise.
  process.env.NODE_ENV ??= 'production';
  // A write that fails outside writeOut (help text, a stray line) must not crash with a stack trace:
  // stdout failing is one line and exit 3 (a closed pipe is not an error); stderr failing is ignored.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(
      `oxdoctor: cannot write the output: ${err.code === 'ENOSPC' ? 'no space left on the device' : err.message}\n`,
    );
    process.exit(3);
  });
  process.stderr.on('error', () => undefined);
  const { main } = await import('./run.js');
  const code = await main(argv);
  process.exitCode = code;
  // Whatever a bug leaves open (a socket, a timer) must not keep the process alive after the answer.
  setTimeout(() => process.exit(code), 2000).unref();
}
