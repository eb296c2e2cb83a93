// The groupware side's faults (cyrus, OX stand-in, tomcat/apache, configdb): each break shows its symptom
// from outside, each heal removes it and restores the configuration files byte for byte.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_ADDRESSES, breakFault, healFault, labExec, labPaths, type LabPaths } from './lab.js';
import { imapQuote, imapRun } from './mail-clients.js';
import { run, tcpOpen } from './probes.js';

let paths: LabPaths;
beforeAll(async () => {
  paths = await labPaths();
});

const secret = async (name: string): Promise<string> => (await readFile(path.join(paths.secrets, name), 'utf8')).trim();

const sentAclLacksPost = async (): Promise<boolean> => {
  const { replies } = await imapRun(LAB_ADDRESSES.serverb, 'test1001', await secret('test1001.pw'), [
    `GETACL ${imapQuote('INBOX/Sent Items')}`,
  ]);
  const acl = replies[0]?.untagged.find((l) => l.startsWith('* ACL')) ?? '';
  return acl !== '' && !/\banyone p\b/.test(acl);
};

const listuserRows = async (pattern: string): Promise<number> => {
  const r = await labExec(
    'servera',
    [
      'sh',
      '-c',
      'read -r ADMIN_PASSWORD; export ADMIN_PASSWORD; exec /opt/open-xchange/sbin/listuser "$@"',
      'listuser',
      '-c',
      '1',
      '-A',
      'oxadmin',
      '-s',
      pattern,
      '--csv',
    ],
    { stdin: `${await secret('ox-admin.pw')}\n` },
  );
  return r.stdout.split('\n').filter((l) => l !== '').length - 1;
};

// The route suffix of the session cookie the balancer's active member hands out (".OX-1" when healthy).
const sessionRoute = async (): Promise<string> => {
  const res = await fetch(`http://${LAB_ADDRESSES.servera}/ajax/`);
  await res.text();
  return /JSESSIONID=[^.;]+\.([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
};

const lastAdsSyncTruncated = async (): Promise<boolean> => {
  const r = await labExec('servera', ['grep', 'ldapsync-ads.conf: .*finished', '/var/log/oxldapsync.log']);
  return (r.stdout.trim().split('\n').at(-1) ?? '').includes(' WARN: ');
};

const symptoms: Record<string, () => Promise<boolean>> = {
  'sent-items-no-post-acl': sentAclLacksPost,
  'cyrus-down': async () => !(await tcpOpen(LAB_ADDRESSES.servera, 143)),
  'sieve-down': async () =>
    !(await tcpOpen(LAB_ADDRESSES.servera, 2000)) && (await tcpOpen(LAB_ADDRESSES.servera, 143)),
  'sync-truncated': lastAdsSyncTruncated,
  'user-missing-from-ox': async () => (await listuserRows('test1001')) === 0,
  'ajp-node-down': async () => !(await tcpOpen(LAB_ADDRESSES.servera, 8009)),
  'balancer-route-mismatch': async () => (await sessionRoute()) !== 'OX-1',
  'configdb-down': async () => !(await tcpOpen(LAB_ADDRESSES.servera, 3313)),
};

// The configuration files these faults edit: heal must bring back exactly these bytes.
const configSnapshot = async (): Promise<string> => {
  const r = await run('bash', [
    '-c',
    `cd "$1/hosts" && md5sum servera/etc/cyrus.conf servera/etc/cron.d/ox \
    serverb/etc/cron.d/ox servera/opt/open-xchange/etc/groupware/ajp.properties \
    servera/opt/oxldapsync/etc/ldapsync-ads.conf`,
    '-',
    paths.state,
  ]);
  return r.stdout;
};

describe('groupware faults', () => {
  it.each(Object.keys(symptoms))('%s shows its symptom when broken and none once healed', async (name) => {
    const symptom = symptoms[name];
    if (!symptom) throw new Error(`no symptom for ${name}`);
    const before = await configSnapshot();
    expect(await symptom()).toBe(false);
    try {
      await breakFault(name);
      expect(await symptom()).toBe(true);
      await breakFault(name);
      expect(await symptom()).toBe(true);
    } finally {
      await healFault(name);
    }
    expect(await symptom()).toBe(false);
    await healFault(name);
    expect(await symptom()).toBe(false);
    expect(await configSnapshot()).toBe(before);
  });
});

// Issue 13: cyrus writes the ACL with "anyone" last once it was set again over IMAP (or the folder was
// recreated); the fault must strip it there too, and heal must give it back.
describe('sent-items-no-post-acl on an ACL with anyone last', () => {
  const anyoneIsLast = async (): Promise<boolean> => {
    const r = await labExec('serverb', ['su', '-s', '/bin/sh', 'cyrus', '-c', '/usr/lib/cyrus/bin/ctl_mboxlist -d']);
    const line = r.stdout.split('\n').find((l) => l.startsWith('"user.test1001.Sent Items": ')) ?? '';
    const acl = (JSON.parse(line.replace(/^"[^"]+": /, '').replace(/,$/, '')) as { acl: Record<string, string> }).acl;
    return Object.keys(acl).at(-1) === 'anyone' && acl.anyone === 'p';
  };

  it('strips anyone p and heal brings it back', async () => {
    const sent = imapQuote('INBOX/Sent Items');
    const { replies } = await imapRun(LAB_ADDRESSES.serverb, 'test1001', await secret('test1001.pw'), [
      `DELETEACL ${sent} anyone`,
      `SETACL ${sent} anyone p`,
    ]);
    expect(replies.map((r) => r.status)).toEqual(['OK', 'OK']);
    expect(await anyoneIsLast()).toBe(true);
    try {
      await breakFault('sent-items-no-post-acl');
      expect(await sentAclLacksPost()).toBe(true);
    } finally {
      await healFault('sent-items-no-post-acl');
    }
    expect(await sentAclLacksPost()).toBe(false);
  });
});
