// postfix/sent-copy against AD: a real slapd with the lab's AD schema holds users of two sender domains, and the
// lab's archive_sentmail (pcre) is read by the real postmap, whole and with a domain's line lost.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentCopyCheck } from '../../../checks/postfix/sent-copy/index.js';
import { SYNC_SETUPS_FACT } from '../../../src/facts/sync-confs.js';
import { MASTER_CF_FACT } from '../../../src/facts/master-cf.js';
import { makeFacts, POSTCONF_FACT } from '../../../src/facts/postconf.js';
import { parseMasterCf } from '../../../src/postfix/master-cf.js';
import { seed } from '../../facts/seed.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort } from '../../helpers/tcp.js';
import { removeDir, tempDir, type Daemon } from '../../helpers/daemons/process.js';
import { oxSite, startAd } from '../ox/ox-host.js';

const SENTMAIL = readFileSync(
  fileURLToPath(new URL('../../lab/hosts/servera/files/etc/postfix/archive_sentmail', import.meta.url)),
  'utf8',
);

let ad: Daemon & { url: string };
let dir: string;
beforeAll(async () => {
  ad = await startAd([
    { sam: 'jdoe', mail: 'jdoe@example.com', ox: true },
    { sam: 'asmith', mail: 'asmith@example.org', ox: true },
    { sam: 'bsmith', mail: 'bsmith@example.org', ox: true },
    { sam: 'oxonly', mail: 'oxonly@oxmail.example.com', ox: true },
  ]);
  dir = tempDir('sent-copy');
  mkdirSync(join(dir, 'etc'));
  writeFileSync(join(dir, 'etc', 'main.cf'), 'compatibility_level = 3.6\n');
  writeFileSync(join(dir, 'archive_sentmail'), SENTMAIL);
  writeFileSync(join(dir, 'archive_sentmail-lost'), SENTMAIL.replace(/^.*@example\.org\$.*\n/m, ''));
});
afterAll(async () => {
  await ad?.stop();
  if (dir) removeDir(dir);
});

// Server A as the seed has it: localhost:11025 hands mail to archivecleanup, whose sender_bcc_maps is `map`.
function serverA(map: string, adUrl = ad.url) {
  const master = [
    '127.0.0.1:11025 inet n - n - - smtpd',
    '  -o cleanup_service_name=archivecleanup',
    'archivecleanup unix n - n - 0 cleanup',
    `  -o sender_bcc_maps=pcre:${map}`,
    '',
  ].join('\n');
  const params = new Map([['mydestination', 'oxmail.example.com, localhost']]);
  const facts = {
    ...seed(POSTCONF_FACT, makeFacts('postconf', params, join(dir, 'etc'), '3.7.11', new Map())),
    ...seed(MASTER_CF_FACT, { path: `${dir}/etc/master.cf`, found: true, services: parseMasterCf(master) }),
    ...seed(SYNC_SETUPS_FACT, []), // no oxldapsync conf: every AD user with an address counts
  };
  return makeContext({
    host: { name: 'servera', roles: ['groupware'] },
    site: { endpoints: oxSite({ url: adUrl }).endpoints! },
    facts,
  });
}

describe('postfix/sent-copy against AD and the real postmap', () => {
  it("is OK when the lab's archive_sentmail has a line for every AD sender domain, skipping mydestination", async () => {
    const outcome = await sentCopyCheck.run(serverA(`${dir}/archive_sentmail`));
    expect(outcome.status, outcome.summary).toBe('ok');
    expect(outcome.summary).toBe(
      `every sender domain in AD (example.com, example.org) has a line in pcre:${dir}/archive_sentmail ` +
        '(sender_bcc_maps of 127.0.0.1:11025 via archivecleanup (master.cf line 3))',
    );
  });

  it('is CRIT when archive_sentmail lost the line of a sender domain, naming it and its AD users', async () => {
    const outcome = await sentCopyCheck.run(serverA(`${dir}/archive_sentmail-lost`));
    expect(outcome.status).toBe('crit');
    // catches: a sender domain in AD has no line in archive_sentmail: its users' sent mail gets no copy
    expect(outcome.summary).toBe(
      `sender domain example.org missing: pcre:${dir}/archive_sentmail-lost ` +
        '(sender_bcc_maps of 127.0.0.1:11025 via archivecleanup (master.cf line 3)) ' +
        'has no line for example.org (2 AD users); ' +
        'mail sent by those users gets no copy in their Sent Items on server B',
    );
    expect(outcome.metrics?.find((m) => m.label === 'domains_without_copy')?.value).toBe(1);
  });

  it('is CRIT quoting postmap when the sender_bcc_maps table cannot be opened', async () => {
    const outcome = await sentCopyCheck.run(serverA(`${dir}/no-such-file`));
    expect(outcome.status).toBe('crit');
    // catches: sender_bcc_maps table missing or unreadable: postfix defers sent mail
    expect(outcome.summary).toMatch(
      /^pcre:.*no-such-file \(sender_bcc_maps of 127\.0\.0\.1:11025 via archivecleanup \(master\.cf line 3\)\) /,
    );
    expect(outcome.summary).toMatch(/cannot be read, so postfix defers sent mail: .*No such file or directory$/);
  });

  it('is UNKNOWN when AD does not answer', async () => {
    const outcome = await sentCopyCheck.run(
      serverA(`${dir}/archive_sentmail`, `ldap://127.0.0.1:${await closedPort()}`),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toMatch(/^cannot list the sender domains: /);
  });
});
