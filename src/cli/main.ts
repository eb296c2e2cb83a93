#!/usr/bin/env node
// The oxdoctor binary.
const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // The fast path: scripts call --version often, so it loads nothing but package.json.
  const { toolVersion } = await import('./version.js');
  process.stdout.write(`${toolVersion()}\n`);
} else {
  const { main } = await import('./run.js');
  const code = await main(argv);
  process.exitCode = code;
  // Whatever a bug leaves open (a socket, a timer) must not keep the process alive after the answer.
  setTimeout(() => process.exit(code), 2000).unref();
}
