// Numeric options have an upper bound and no option takes an empty value: each refusal is one line, exit 3.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli, type Built } from './build.js';

let built: Built;

beforeAll(async () => {
  built = await buildCli();
}, 180_000);

describe('oxdoctor option bounds', () => {
  it.each([
    [
      ['--timeout', '2147483648', 'check'],
      "oxdoctor: option '--timeout <ms>' argument '2147483648' is invalid. expected milliseconds of at most 3600000 (one hour), got '2147483648' (see 'oxdoctor --help')",
    ],
    [
      ['check', '--concurrency', '1000000'],
      "oxdoctor: option '--concurrency <n>' argument '1000000' is invalid. expected a number of checks of at most 1000, got '1000000' (see 'oxdoctor --help')",
    ],
    [
      ['--refresh', '2147484'],
      "oxdoctor: option '--refresh <seconds>' argument '2147484' is invalid. expected seconds of at most 3600 (one hour), got '2147484' (see 'oxdoctor --help')",
    ],
    [
      ['--config', '', 'check'],
      "oxdoctor: option '--config <file>' argument '' is invalid. expected a file name, got '' (see 'oxdoctor --help')",
    ],
    [
      ['check', '--host', ''],
      "oxdoctor: option '--host <host>' argument '' is invalid. expected a host name, got '' (see 'oxdoctor check --help')",
    ],
    [
      ['check', '--check', ''],
      "oxdoctor: option '--check <id|group>' argument '' is invalid. expected a check id or group, got '' (see 'oxdoctor check --help')",
    ],
    [
      ['check', '--host', 'relay,,servera'],
      "oxdoctor: option '--host <host>' argument 'relay,,servera' is invalid. expected a host name on each side of every comma, got 'relay,,servera' (see 'oxdoctor check --help')",
    ],
  ])('refuses %j with one line and exit 3', async (args, line) => {
    const r = await runCli(built.bin, args);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${line}\n`);
  });
});
