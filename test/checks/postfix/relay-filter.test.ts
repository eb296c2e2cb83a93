// postfix/relay-filter on configurations as postconf/master.cf facts: the seed's relay and the ways it drifts.
import { describe, expect, it } from 'vitest';
import { relayFilterCheck, returnStep } from '../../../checks/postfix/relay-filter/index.js';
import { forwardMethodFromGrep } from '../../../src/postfix/amavis-forward.js';
import { inetListeners, parseMasterCf } from '../../../src/postfix/master-cf.js';
import { makeContext } from '../../helpers/context.js';
import { postfixFacts } from '../service/seeded-facts.js';
import { MASTER_CF_FACT } from '../../../src/facts/master-cf.js';
import { seed } from '../../facts/seed.js';
import { postfixConfigured } from '../../../src/facts/requirements.js';

const MAIN = {
  myhostname: 'oxmail.example.com',
  mynetworks: '127.0.0.0/8 192.168.109.0/24',
  recipient_bcc_maps: 'pcre:/etc/postfix/duplicate_mail',
};
const INTAKE =
  'smtp inet n - n - - smtpd\n  -o content_filter=smtp-amavis:[127.0.0.1]:10024\n  -o receive_override_options=no_address_mappings\n';
const AMAVIS =
  'smtp-amavis unix - - n - 2 smtp\n  -o smtp_data_done_timeout=1200\n  -o smtp_send_xforward_command=yes\n';
const REINJECT = `127.0.0.1:10025 inet n - n - - smtpd
  -o local_recipient_maps=
  -o relay_recipient_maps=
  -o smtpd_restriction_classes=
  -o smtpd_delay_reject=no
  -o smtpd_client_restrictions=permit_mynetworks,reject
  -o smtpd_helo_restrictions=
  -o smtpd_sender_restrictions=
  -o smtpd_recipient_restrictions=permit_mynetworks,reject
  -o mynetworks_style=host
  -o mynetworks=127.0.0.0/8
`;

const run = (masterCf: string, main: Record<string, string> = MAIN) =>
  relayFilterCheck.run(makeContext({ facts: postfixFacts(main, masterCf) }));

describe('postfix/relay-filter', () => {
  it('is OK on the seed relay: 25 filters through amavis with no_address_mappings, 10025 takes mail back as the seed has it', async () => {
    const outcome = await run(INTAKE + AMAVIS + REINJECT);
    expect(outcome.status).toBe('ok');
    // amavisd's $forward_method comes from this machine's amavis config: Debian's sets none, so amavisd's default.
    expect(outcome.summary).toBe(
      "port 25 hands mail to amavis via content_filter=smtp-amavis:[127.0.0.1]:10024 (-o on master.cf line 1) with no_address_mappings; amavis hands mail back on 127.0.0.1:10025 with no content_filter, address mappings on and the seed's -o set; amavisd returns mail to 127.0.0.1:10025 (amavisd's default smtp:[127.0.0.1]:10025)",
    );
  });

  it('is CRIT "mail is not scanned" when port 25 has no content_filter', async () => {
    const outcome = await run('smtp inet n - n - - smtpd\n' + AMAVIS + REINJECT);
    expect(outcome.status).toBe('crit');
    // catches: port 25 has no content_filter: mail reaches the servers unscanned
    expect(outcome.summary).toMatch(/^mail is not scanned: port 25 smtp \(master\.cf line 1\) has no content_filter/);
    expect(outcome.hint).toContain('-o content_filter=smtp-amavis:[127.0.0.1]:10024');
  });

  it('is CRIT when the filter names a transport master.cf does not define, saying mail defers', async () => {
    const outcome = await run(INTAKE + REINJECT);
    expect(outcome.status).toBe('crit');
    // catches: content_filter names a transport master.cf does not define: every incoming mail defers
    expect(outcome.summary).toMatch(
      /filters through transport "smtp-amavis" .* which master\.cf does not define: postfix defers every incoming mail/,
    );
  });

  it('is CRIT when port 25 hands mail straight to the 10025 re-injection port', async () => {
    const outcome = await run(INTAKE.replace(':10024', ':10025') + AMAVIS + REINJECT);
    expect(outcome.status).toBe('crit');
    // catches: port 25 hands mail straight to the 10025 re-injection port, bypassing amavis
    expect(outcome.summary).toMatch(/^mail is not scanned: .* postfix's own re-injection port/);
  });

  it('is CRIT "mail loops through amavis" when content_filter is global in main.cf and 10025 does not clear it', async () => {
    const outcome = await run(
      'smtp inet n - n - - smtpd\n  -o receive_override_options=no_address_mappings\n' + AMAVIS + REINJECT,
      {
        ...MAIN,
        content_filter: 'smtp-amavis:[127.0.0.1]:10024',
      },
    );
    expect(outcome.status).toBe('crit');
    // catches: the 10025 listener inherits a content_filter: mail loops through amavis
    expect(outcome.summary).toMatch(
      /^mail loops through amavis: the re-injection listener 127\.0\.0\.1:10025 \(master\.cf line 6\) hands scanned mail back to amavis again \(content_filter=smtp-amavis:\[127\.0\.0\.1\]:10024 from main\.cf\)/,
    );
    expect(outcome.steps?.map((s) => s.status)).toEqual(['ok', 'crit', 'ok']);
  });

  it('accepts a global content_filter when 10025 clears it with "-o content_filter="', async () => {
    const outcome = await run(
      'smtp inet n - n - - smtpd\n  -o receive_override_options=no_address_mappings\n' +
        AMAVIS +
        REINJECT +
        '  -o content_filter=\n',
      {
        ...MAIN,
        content_filter: 'smtp-amavis:[127.0.0.1]:10024',
      },
    );
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toContain('(main.cf) with no_address_mappings');
  });

  it('is CRIT saying server B gets no archive copies when no_address_mappings applies to 10025 too (global in main.cf)', async () => {
    const outcome = await run(
      'smtp inet n - n - - smtpd\n  -o content_filter=smtp-amavis:[127.0.0.1]:10024\n' + AMAVIS + REINJECT,
      {
        ...MAIN,
        receive_override_options: 'no_address_mappings',
      },
    );
    expect(outcome.status).toBe('crit');
    // catches: no_address_mappings on 10025 too: the archive BCC never runs
    expect(outcome.summary).toMatch(
      /^server B gets no archive copies: the re-injection listener .* skips address mappings \(receive_override_options=no_address_mappings from main\.cf\)/,
    );
  });

  it("accepts the amavis README's receive_override_options on 10025 (no_unknown_recipient_checks, no_header_body_checks)", async () => {
    const outcome = await run(
      INTAKE + AMAVIS + REINJECT + '  -o receive_override_options=no_unknown_recipient_checks,no_header_body_checks\n',
    );
    expect(outcome.status).toBe('ok');
  });

  it('warns that address mappings run twice when port 25 lacks no_address_mappings', async () => {
    const outcome = await run(
      'smtp inet n - n - - smtpd\n  -o content_filter=smtp-amavis:[127.0.0.1]:10024\n' + AMAVIS + REINJECT,
    );
    expect(outcome.status).toBe('warn');
    // catches: port 25 lacks no_address_mappings: BCC and aliases applied twice
    expect(outcome.summary).toMatch(/runs address mappings before amavis scans .* applied twice/);
    expect(outcome.hint).toContain('-o receive_override_options=no_address_mappings');
  });

  it('warns naming each -o that differs from the seed on 10025, and a listener beyond loopback', async () => {
    const drifted = REINJECT.replace('127.0.0.1:10025', ':10025')
      .replace('  -o mynetworks=127.0.0.0/8\n', '')
      .replace('  -o smtpd_delay_reject=no\n', '');
    const outcome = await run(INTAKE + AMAVIS + drifted);
    expect(outcome.status).toBe('warn');
    // catches: the 10025 listener differs from the seed's -o set or listens beyond loopback
    expect(outcome.summary).toContain(
      'it listens on every interface instead of 127.0.0.1; smtpd_delay_reject "yes" (seed: "no"); mynetworks "127.0.0.0/8 192.168.109.0/24" (seed: "127.0.0.0/8")',
    );
    expect(outcome.hint).toContain('-o smtpd_delay_reject=no -o mynetworks=127.0.0.0/8');
  });

  it('is CRIT saying mail stays deferred when there is no 10025 listener', async () => {
    const outcome = await run(INTAKE + AMAVIS);
    expect(outcome.status).toBe('crit');
    // catches: no smtpd on 10025: amavis cannot hand scanned mail back
    expect(outcome.summary).toMatch(/^master\.cf has no smtpd on 10025: amavis cannot hand scanned mail back/);
  });

  it('is CRIT saying the relay accepts no mail when master.cf has no smtpd on port 25', async () => {
    const outcome = await run(AMAVIS + REINJECT);
    expect(outcome.status).toBe('crit');
    // catches: no smtpd on port 25: the relay accepts no mail from Exchange
    expect(outcome.summary).toMatch(/^master\.cf has no smtpd on port 25: the relay accepts no mail from Exchange/);
  });

  it('reads the filter from the "smtpd pass" service when postscreen answers on 25', async () => {
    const postscreen =
      'smtp inet n - n - 1 postscreen\nsmtpd pass - - n - - smtpd\n  -o content_filter=smtp-amavis:[127.0.0.1]:10024\n  -o receive_override_options=no_address_mappings\n';
    const outcome = await run(postscreen + AMAVIS + REINJECT);
    expect(outcome.status).toBe('ok');
  });

  it('requires postfix configured, which is UNKNOWN when the host has no master.cf', async () => {
    const missing = seed(MASTER_CF_FACT, { path: '/etc/postfix/master.cf', found: false, services: [] });
    const ctx = makeContext({ facts: { ...postfixFacts(MAIN, ''), ...missing } });
    expect(relayFilterCheck.requires).toContain(postfixConfigured);
    const outcome = await postfixConfigured.missing(ctx);
    expect(outcome?.status).toBe('unknown');
    expect(outcome?.summary).toContain('/etc/postfix/master.cf: missing');
  });

  it("reads amavisd's $forward_method as amavisd does: the last assignment wins, comments and other variables do not count", () => {
    const grep = [
      "/etc/amavis/conf.d/20-debian_defaults:# $forward_method = 'smtp:[127.0.0.1]:10027';",
      '/etc/amavis/conf.d/20-debian_defaults:$notify_method  = $forward_method;',
      "/etc/amavisd/amavisd.conf:$forward_method = 'smtp:[127.0.0.1]:10025';",
      '/etc/amavisd/amavisd.conf:  $forward_method = "smtp:[127.0.0.1]: 10026";  # moved',
    ].join('\n');
    expect(forwardMethodFromGrep(grep)).toEqual({ value: 'smtp:[127.0.0.1]:10026', file: '/etc/amavisd/amavisd.conf' });
    expect(forwardMethodFromGrep('')).toBeUndefined();
  });

  it('is CRIT when amavisd returns mail to a port where master.cf runs no smtpd', () => {
    const listeners = inetListeners(parseMasterCf(INTAKE + AMAVIS + REINJECT));
    const back = { host: '127.0.0.1', port: 10026, source: '$forward_method in /etc/amavisd/amavisd.conf' };
    const step = returnStep(back, listeners);
    expect(step.status).toBe('crit');
    // catches: amavisd's $forward_method names a port where postfix runs no smtpd
    expect(step.summary).toMatch(
      /^amavisd returns scanned mail to 127\.0\.0\.1:10026 \(\$forward_method in \/etc\/amavisd\/amavisd\.conf\), where master\.cf runs no smtpd/,
    );
    expect(returnStep({ ...back, port: 10025 }, listeners).status).toBe('ok');
  });
});
