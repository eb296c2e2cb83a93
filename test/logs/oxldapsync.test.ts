import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOxRecord } from '../../src/logs/ox.js';
import { assembleOxRecords } from '../../src/logs/ox-record.js';
import { parseOxLdapSyncLine, parseOxLdapSyncMessage } from '../../src/logs/oxldapsync.js';

const STANDIN = fileURLToPath(new URL('../lab/standin/oxldapsync.pl', import.meta.url));

// The lab's stand-in run on this machine against a configdb that does not answer (port 1): it writes its real
// lines to a private oxldapsync.log and its OX record to a private open-xchange.log.0. Nothing of the lab is used.
describe('the lab stand-in oxldapsync.pl run with the config DB down', () => {
  const dir = mkdtempSync(`${tmpdir()}/oxldapsync-`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(`${dir}/root/etc`, { recursive: true });
  writeFileSync(
    `${dir}/root/etc/configdb.properties`,
    'readUrl=jdbc:mysql://127.0.0.1:1/configdb\nreadProperty.1=user=x\nreadProperty.2=password=y\n',
  );
  writeFileSync(`${dir}/ldapsync-ads.conf`, `ldaptype = ads\nmappingfile = ${dir}/mapping.conf\n`);
  writeFileSync(`${dir}/mapping.conf`, '');
  const run = spawnSync('perl', [STANDIN, '-f', `${dir}/ldapsync-ads.conf`], {
    env: {
      ...process.env,
      OX_STANDIN_ROOT: `${dir}/root`,
      OXLDAPSYNC_LOG: `${dir}/sync.log`,
      OX_LOG: `${dir}/ox/open-xchange.log.0`,
      ADMIN_PASSWORD: 'not-used',
    },
    encoding: 'utf8',
    timeout: 20_000,
  });

  it('its 2 sync log lines parse: the start and the server error, with time, pid and conf', () => {
    expect(run.status).toBe(1);
    const lines = readFileSync(`${dir}/sync.log`, 'utf8').trimEnd().split('\n');
    const parsed = lines.map((l) => parseOxLdapSyncLine(l, -new Date().getTimezoneOffset()));
    expect(parsed.map((p) => p?.message.kind)).toEqual(['start', 'server-error']);
    expect(parsed[0]!.message.fields).toMatchObject({ conf: 'ldapsync-ads.conf', context: '1', ldaptype: 'ads' });
    expect(parsed[1]!.message).toMatchObject({
      level: 'error',
      fields: { reason: 'Cannot get connection to config DB.' },
    });
    expect(parsed[1]!.pid).toBe(run.pid);
    expect(Math.abs(parsed[1]!.time - Date.now())).toBeLessThan(60_000);
  });

  it('its OX record parses with ox.ts: DBP-0001 SERVICE_DOWN', () => {
    const records = assembleOxRecords(readFileSync(`${dir}/ox/open-xchange.log.0`, 'utf8').trimEnd().split('\n'));
    expect(records).toHaveLength(1);
    expect(parseOxRecord(records[0]!.lines)).toMatchObject({
      level: 'error',
      kind: 'exception',
      fields: {
        method: 'get',
        code: 'DBP-0001',
        categories: 'SERVICE_DOWN',
        error: 'Cannot get connection to config DB.',
      },
    });
  });
});

describe('oxldapsync lines in the stand-in format (its slog templates, filled in)', () => {
  const at = (stamp: string, pid: number, conf: string, level: string, text: string): string =>
    `2026-11-25 ${stamp} oxldapsync[${pid}]: ${conf}: ${level}: ${text}`;
  const log = [
    at(
      '13:10:17',
      6363,
      'ldapsync-ads.conf',
      'INFO',
      'start sync of context 1 with /opt/x/ldapsync-ads.conf (ldaptype=openldap)',
    ),
    at(
      '13:10:17',
      6363,
      'ldapsync-ads.conf',
      'ERROR',
      'LDAP search returned: Size limit exceeded (4) after 1000 entries',
    ),
    at(
      '13:10:17',
      6363,
      'ldapsync-ads.conf',
      'WARN',
      'finished: 1000 entries from LDAP, 3 created, 20 updated, 202 deleted',
    ),
    at(
      '13:11:00',
      6400,
      'ldapsync-ads.conf',
      'ERROR',
      'LDAP search failed (rc=49): ldap_bind: Invalid credentials (49)',
    ),
    at('13:12:00', 6401, 'ldapsync-ads.conf', 'ERROR', 'Server response: Authentication failed'),
    'not a sync line',
  ];

  it('5 of 6 lines parse, the counts and rc taken apart, local time shifted by the host offset', () => {
    const parsed = log.map((l) => parseOxLdapSyncLine(l, 60));
    expect(parsed.map((p) => p?.message.kind)).toEqual([
      'start',
      'size-limit',
      'finished',
      'ldap-error',
      'server-error',
      undefined,
    ]);
    expect(parsed[0]!.time).toBe(Date.parse('2026-11-25T12:10:17Z'));
    expect(parsed[1]!.message).toMatchObject({ level: 'error', fields: { entries: '1000' } });
    expect(parsed[2]!.message).toMatchObject({
      level: 'warn',
      fields: { entries: '1000', created: '3', updated: '20', deleted: '202' },
    });
    expect(parsed[3]!.message.fields.rc).toBe('49');
  });

  it('parses the message part alone when a frame parser took the stamp and pid off', () => {
    expect(parseOxLdapSyncMessage('ldapsync-ads.conf: INFO: finished: 100 entries from LDAP, 0 created')).toEqual({
      level: 'info',
      kind: 'finished',
      fields: {
        conf: 'ldapsync-ads.conf',
        text: 'finished: 100 entries from LDAP, 0 created',
        entries: '100',
        created: '0',
      },
    });
    expect(parseOxLdapSyncMessage('no conf here')).toBeUndefined();
  });
});
