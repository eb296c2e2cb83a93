import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grepValue, queueIdValue, traceStart, userValue } from '../../src/cli/logs-options.js';
import { buildCli, runCli, type Built } from './build.js';

// The usual hostile strings: shell syntax, command substitution, newlines, a leading dash.
const HOSTILE = ["'; touch /tmp/x; '", '$(id)', '`id`', 'a\nb', 'a\rb', '-rf', 'x;y', 'a|b', 'a b'];

describe('option values of logs and trace', () => {
  it('takes queue ids of letters and digits, short and long, repeatable and comma-separated', () => {
    expect(queueIdValue('4F2A1B')).toEqual(['4F2A1B']);
    expect(queueIdValue('4dZvDn6xYzz1pG,ABCDE', ['11111'])).toEqual(['11111', '4dZvDn6xYzz1pG', 'ABCDE']);
    for (const bad of [...HOSTILE, 'NOQUE-UE', '', 'abc']) expect(() => queueIdValue(bad)).toThrow(/queue id/);
  });

  it('takes a login or an address (the Sent Items form with its space too), refuses the hostile strings', () => {
    for (const ok of ['test1001', 'test1001@example.com', 'test1001+Sent Items@oxmail.example.com', 'j.doe']) {
      expect(userValue(ok)).toBe(ok);
    }
    for (const bad of HOSTILE) expect(() => userValue(bad)).toThrow(/login or an address/);
  });

  it('compiles --grep once; a newline or an invalid expression is a usage error naming the problem', () => {
    expect(grepValue("'; touch /tmp/x; '").test("x'; touch /tmp/x; 'y")).toBe(true);
    expect(() => grepValue('a\nb')).toThrow(/one line/);
    expect(() => grepValue('(')).toThrow(/regular expression: .*Unterminated group/);
  });

  it('tells queue ids, Message-IDs and addresses apart', () => {
    expect(traceStart('4F2A1B', false)).toEqual({ queueId: '4F2A1B' });
    expect(traceStart('<abc.123@host.example.com>', false)).toEqual({ messageId: 'abc.123@host.example.com' });
    expect(traceStart('abc.123@host.example.com', true)).toEqual({ messageId: 'abc.123@host.example.com' });
    expect(traceStart('test1001@example.com', false)).toEqual({ address: 'test1001@example.com' });
    for (const bad of HOSTILE) expect(() => traceStart(bad, false)).toThrow(/expected/);
    expect(() => traceStart('<a b@c>', false)).toThrow(/expected/);
  });
});

describe('oxdoctor logs and trace on the command line', () => {
  let built: Built;
  let dir: string;
  beforeAll(async () => {
    built = await buildCli();
    dir = mkdtempSync(join(tmpdir(), 'oxdoctor-logs-cli-'));
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => runCli(built.bin, args, { env: { HOME: dir } });

  it('explains what --since takes, the filters, the output, examples and exit codes', async () => {
    const logs = await run('logs', '--help');
    expect(logs.code).toBe(0);
    for (const text of ['--since <age|date>', '2h, 2d, 1w', '--user', '--queue-id', '--list', '-f, --follow']) {
      expect(logs.stdout).toContain(text);
    }
    expect(logs.stdout).toMatch(/Examples:[\s\S]*oxdoctor logs --user/);
    expect(logs.stdout).toMatch(/Exit status: 0 lines found/);
    const trace = await run('trace', '--help');
    expect(trace.code).toBe(0);
    expect(trace.stdout).toMatch(/Examples:[\s\S]*oxdoctor trace '<20261207/);
    expect(trace.stdout).toContain('0 delivered everywhere, 1 deferred or still queued, 2 bounced, rejected or lost');
  });

  it.each([
    [['logs', '--queue-id', "'; touch /tmp/x; '"], /--queue-id <id>.*expected a postfix queue id/],
    [['logs', '--user', '$(id)'], /--user.*expected a login or an address .*got '\$\(id\)'/],
    [['logs', '--user=-rf'], /expected a login or an address/],
    [['logs', '--grep', '('], /expected a JavaScript regular expression/],
    [['logs', '--grep', 'a\nb'], /one line/],
    [['logs', '--since', 'yesterday'], /--since as an age \(90s, 30m, 2h, 2d, 1w\) or a date/],
    [['logs', '--level', 'info'], /Allowed choices are warn, error/],
    [['trace', 'a\nb'], /expected a queue id, a Message-ID or an address, got 'a\\x0ab'/],
    [['trace', '`id`'], /expected a queue id/],
  ])('refuses %j with one line and exit 3, before any host is asked', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]); // nothing created, not even a config
  });

  it('refuses mixed modes and unknown hosts as usage errors', async () => {
    const follow = await run('logs', '-f', '--since', '2h');
    expect(follow).toMatchObject({ code: 3 });
    expect(follow.stderr).toMatch(/-f follows from now on; --since and --until search past logs/);
    const list = await run('logs', '--list', '--grep', 'x');
    expect(list.code).toBe(3);
    expect(list.stderr).toMatch(/--list shows the sources and files/);
    const host = await run('logs', '--host', 'nosuch');
    expect(host.code).toBe(3);
    expect(host.stderr).toMatch(/no host 'nosuch' in the config/);
  });
});
