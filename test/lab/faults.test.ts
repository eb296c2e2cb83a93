import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_ADDRESSES, breakFault, healFault, labExec, labPaths, listFaults, runLab, type LabPaths } from './lab.js';
import { eventually, run, tcpOpen } from './probes.js';

// The check ids of the catalogue (ARCHITECTURE.md section 5): every fault must name some of these.
const CATALOGUE = new Set([
  'host/ssh',
  'host/clock',
  'host/disk',
  'service/smtp',
  'service/amavis',
  'service/clamd',
  'service/imap',
  'service/lmtp',
  'service/sieve',
  'service/ajp',
  'service/http',
  'service/mysql',
  'identity/kinit',
  'routing/ldap-maps',
  'mailbox/imap-login',
  'mailbox/folders',
  'mailbox/sent-acl',
  'mailbox/sieve-script',
  'mailbox/sent-acl-sweep',
  'ox/listuser',
  'ox/sync-coverage',
  'ox/ldapsync-log',
  'queue/depth',
  'postfix/relay-filter',
  'postfix/archive-copy',
  'postfix/sent-copy',
  'postfix/map-freshness',
  'postfix/handoffs',
  'postfix/pipeline',
  'cron/ox-jobs',
  'cluster/ajp-routes',
  'config/seed-drift',
]);

let paths: LabPaths;
beforeAll(async () => {
  paths = await labPaths();
});

const out = async (host: Parameters<typeof labExec>[0], argv: string[]): Promise<string> => {
  const r = await labExec(host, argv);
  return r.stdout.trim() + r.stderr.trim();
};

const kinitTest1001 = async (): Promise<string> => {
  const password = (await readFile(path.join(paths.secrets, 'test1001.pw'), 'utf8')).trim();
  const env = {
    ...process.env,
    KRB5_CONFIG: path.join(paths.state, 'hosts/servera/etc/krb5.conf'),
    KRB5CCNAME: 'MEMORY:lab-fault',
  };
  const r = await run('kinit', ['test1001'], { stdin: `${password}\n`, env });
  return r.code === 0 ? 'ok' : r.stdout + r.stderr;
};

const backlog = async (): Promise<number> =>
  (await out('servera', ['postqueue', '-j'])).split('\n').filter((l) => l.includes('"backlog@lab.invalid"')).length;

// Per fault of the mail/AD side: a probe that is true while the symptom shows.
const symptoms: Record<string, () => Promise<boolean>> = {
  'amavis-down': async () => !(await tcpOpen('127.0.0.1', 10024)),
  'clamd-down': async () => (await labExec('relay', ['clamdscan', '--ping', '1'])).code !== 0,
  'clamd-signatures-old': async () =>
    (await out('relay', ['find', '/var/lib/clamav', '-name', '*.ndb', '-mtime', '+20'])).includes('lab.ndb'),
  'log-inodes-full': async () =>
    Number((await out('relay', ['df', '--output=ipcent', '/var/log'])).split('\n').at(-1)?.replace('%', '')) >= 95,
  'saslauthd-down': async () => (await labExec('servera', ['test', '-S', '/run/saslauthd/mux'])).code !== 0,
  'next-hop-unreachable': async () => !(await tcpOpen(LAB_ADDRESSES.servera, 10025)),
  'reinjection-refused': async () =>
    (await out('servera', ['postconf', '-P', ':10025/inet/mynetworks'])).endsWith('127.0.0.1/32'),
  'reinjection-listener-gone': async () => !(await tcpOpen(LAB_ADDRESSES.servera, 10025)),
  'bcc-transport-loop': async () =>
    !(await out('relay', ['postconf', '-P', 'smtpcopy/unix/myhostname'])).includes('archive.example.com'),
  'copyfix-not-first': async () =>
    !(await out('serverb', ['postconf', '-h', 'virtual_alias_maps'])).startsWith('pcre:/etc/postfix/copyfix'),
  'sender-domain-missing': async () =>
    (await out('servera', ['postmap', '-q', 'test1001@example.org', 'pcre:/etc/postfix/archive_sentmail'])) === '',
  'contact-nickname-wrong': async () =>
    (await out('servera', ['postmap', '-q', 'oxex01', 'ldap:/etc/postfix/adlocalrecipients'])) === 'oxex01.old',
  'ldap-bind-password-wrong': async () =>
    /Invalid credentials/.test(
      await out('servera', ['postmap', '-q', 'test1001@example.com', 'ldap:/etc/postfix/exchrecipients']),
    ),
  'kdc-down': async () => !(await tcpOpen(LAB_ADDRESSES.ad, 88)),
  'expired-password': async () => /Password expired/.test(await kinitTest1001()),
  'account-expired': async () => /entry in database has expired/.test(await kinitTest1001()),
  'clock-skew': async () => {
    const r = await runLab(['ssh', 'servera', 'date +%s']);
    return Math.abs(Number(r.stdout.trim()) - Date.now() / 1000) > 300;
  },
  'seed-setting-drift': async () =>
    (await out('servera', ['postconf', '-h', 'unknown_local_recipient_reject_code'])) === '550',
  'postmap-not-run': async () =>
    (await out('servera', ['sh', '-c', '[ /etc/postfix/transport -nt /etc/postfix/transport.db ] && echo stale'])) ===
    'stale',
  'deferred-backlog': async () => (await backlog()) >= 100,
  'disk-nearly-full': async () =>
    Number((await out('relay', ['df', '--output=pcent', '/var/log'])).split('\n').at(-1)?.replace('%', '')) >= 95,
};

// Everything a fault may touch in configuration: heal must bring back exactly these bytes.
const configSnapshot = async (): Promise<string> => {
  const r = await run('bash', [
    '-c',
    `cd "$1/hosts" && find relay/etc/postfix servera/etc/postfix serverb/etc/postfix \
    servera/etc/ssh servera/etc/imapd.conf -type f ! -name '*.db' -exec md5sum {} + | sort`,
    '-',
    paths.state,
  ]);
  return r.stdout;
};

describe('lab faults', () => {
  it('lists every fault once with check ids from the catalogue and a description', async () => {
    const faults = await listFaults();
    expect(faults.length).toBeGreaterThanOrEqual(22);
    expect(new Set(faults.map((f) => f.name)).size).toBe(faults.length);
    for (const f of faults) {
      expect(f.checks.length, f.name).toBeGreaterThan(0);
      for (const c of f.checks) expect(CATALOGUE.has(c), `${f.name}: ${c}`).toBe(true);
      expect(f.about.length, f.name).toBeGreaterThan(20);
    }
    for (const name of Object.keys(symptoms)) expect(faults.map((f) => f.name)).toContain(name);
  });

  it('refuses an unknown fault name', async () => {
    const r = await runLab(['break', 'no-such-fault']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown fault no-such-fault/);
  });

  it.each(Object.keys(symptoms))(
    '%s shows its symptom when broken and heals back to the same configuration',
    async (name) => {
      const probe = symptoms[name];
      if (probe === undefined) throw new Error(name);
      const before = await configSnapshot();
      expect(await probe(), `${name} before break`).toBe(false);
      try {
        await breakFault(name);
        await breakFault(name); // idempotent
        expect(await eventually(probe, 20_000), `${name} after break`).toBe(true);
      } finally {
        await healFault(name);
      }
      await healFault(name); // idempotent
      expect(await eventually(async () => !(await probe()), 20_000), `${name} after heal`).toBe(true);
      expect(await configSnapshot()).toBe(before);
    },
  );
});
