import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/reporters/text.js';
import { colorEnabled } from '../../src/reporters/ansi.js';
import { allOk, report, results } from './fixture.js';

describe('text reporter', () => {
  it('prints one aligned line per result, problems last, hints under problems, then the totals', () => {
    expect(renderText(report)).toBe(
      [
        'OK    host/ssh      relay    connected as root, host key SHA256:Qm9v',
        'WARN  queue/depth   relay    38 deferred messages, above the warning level of 30',
        '      hint: see the top delay reason with `postqueue -p`',
        'UNKN  ox/listuser   servera  not run: servera unreachable (see host/ssh)',
        '      hint: see `oxdoctor check --host servera --check host/ssh`',
        'CRIT  service/imap  servera  port 143 refused the connection; expected a cyrus greeting',
        '      hint: start cyrus on servera',
        'CRIT  host/clock    serverb  no answer within 10s',
        '      hint: the probe got no answer before its deadline',
        '',
        'CRITICAL: 2 crit, 1 warn, 1 unknown, 1 ok - 5 checks on 3 hosts in 10.3 s',
        '',
      ].join('\n'),
    );
  });

  it('leaves out OK results with onlyProblems and adds steps and evidence with verbose', () => {
    const out = renderText({ ...report, results: results.slice(1, 3) }, { onlyProblems: true, verbose: true });
    expect(out).toBe(
      [
        'WARN  queue/depth   relay    38 deferred messages, above the warning level of 30',
        '      hint: see the top delay reason with `postqueue -p`',
        'CRIT  service/imap  servera  port 143 refused the connection; expected a cyrus greeting',
        '      hint: start cyrus on servera',
        '      step connect: CRIT refused',
        '      connect 127.0.10.2:143',
        '        ECONNREFUSED',
        '',
        'CRITICAL: 1 crit, 1 warn, 0 unknown, 0 ok - 2 checks on 2 hosts in 10.3 s',
        '',
      ].join('\n'),
    );
  });

  it('prints only the totals line when everything is OK and only problems are asked for', () => {
    expect(renderText(allOk, { onlyProblems: true })).toBe(
      'OK: 0 crit, 0 warn, 0 unknown, 1 ok - 1 check on 1 host in 400 ms\n',
    );
  });

  it('keeps a multi-line summary on one line', () => {
    const r = { ...results[0]!, status: 'warn' as const, summary: 'first line\nsecond line\n' };
    expect(renderText({ ...allOk, results: [r] }).split('\n')[0]).toBe('WARN  host/ssh  relay  first line second line');
  });

  it('colours the status words with plain ANSI codes when asked', () => {
    const out = renderText(report, { color: true });
    expect(out).toContain('\u001b[1;31mCRIT\u001b[0m  service/imap');
    expect(out).toContain('\u001b[32mOK  \u001b[0m  host/ssh');
    expect(out).toContain('\u001b[1;31mCRITICAL\u001b[0m: 2 crit');
    expect(renderText(report, { color: false })).not.toContain('\u001b[');
  });
});

describe('colour decision', () => {
  it.each([
    { isTTY: true, env: {}, flag: undefined, expected: true },
    { isTTY: false, env: {}, flag: undefined, expected: false },
    { isTTY: true, env: { NO_COLOR: '1' }, flag: undefined, expected: false },
    { isTTY: true, env: { NO_COLOR: '' }, flag: undefined, expected: true },
    { isTTY: true, env: {}, flag: false, expected: false },
  ])('colours a TTY=$isTTY with env $env and flag $flag: $expected', ({ isTTY, env, flag, expected }) => {
    expect(colorEnabled({ isTTY, env, flag })).toBe(expected);
  });
});
