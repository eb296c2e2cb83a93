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
  const { main } = await import('./run.js');
  const code = await main(argv);
  process.exitCode = code;
  // Whatever a bug leaves open (a socket, a timer) must not keep the process alive after the answer.
  setTimeout(() => process.exit(code), 2000).unref();
}
