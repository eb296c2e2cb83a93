// user/ox on the lab's groupware hosts (servera holds the VIP, serverb standalone): real slapd as AD, the OX
// stand-in's listuser and oxldapsync, the lab's own sync confs and log. Each kind of user, the faults on the OX
// hop (user-missing-from-ox, sync-truncated) named with host, cause and fix and OK after heal, and hostile logins.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../src/core/result.js';
import { oxProbe } from '../../../src/user/probes/ox.js';
import type { UserTarget } from '../../../src/user/target.js';
import { breakFault, healFault, labExec, labPaths } from '../../lab/lab.js';
import { runChecksAll, STANDBY } from '../../checks/mailbox/run.js';
import { labUser, runForUser, type LabUser } from '../lab-user.js';

let secrets: string[] = [];
beforeAll(async () => {
  const dir = (await labPaths()).secrets;
  secrets = await Promise.all(
    ['ox-admin.pw', 'ldap-bind.pw'].map(async (f) => (await readFile(`${dir}/${f}`, 'utf8')).trim()),
  );
}, 60_000);

const show = (rs: readonly Result[]) => rs.map((r) => `${r.check}@${r.host} ${r.status}: ${r.summary}`).join('\n');
const on = (rs: readonly Result[], host: string): Result => {
  const r = rs.find((x) => x.host === host);
  if (!r) throw new Error(`no user/ox result on ${host}:\n${show(rs)}`);
  return r;
};
const probe = (user: LabUser, target: UserTarget = user.target) => runForUser(user, [oxProbe(target)]);
const notOk = (rs: readonly Result[]) => rs.filter((r) => r.status !== 'ok').map((r) => `${r.host}: ${r.summary}`);
function noSecrets(rs: readonly Result[]): void {
  const text = JSON.stringify(rs);
  for (const s of secrets) expect(text).not.toContain(s);
}

async function under<T>(fault: string, fn: () => Promise<T>): Promise<T> {
  await breakFault(fault);
  try {
    return await fn();
  } finally {
    await healFault(fault);
  }
}

describe('user/ox on the lab', () => {
  it('test1001: a full OX user on servera and serverb, as ldapsync-ads.conf makes it; servera2 is standby', async () => {
    const user = await labUser('test1001');
    const all = await runChecksAll(user.userSite, [oxProbe(user.target)]);
    expect(STANDBY.test(on(all, 'servera2').summary), show(all)).toBe(true);
    const rs = all.filter((r) => r.host !== 'servera2');
    expect(notOk(rs)).toEqual([]);
    expect(on(rs, 'servera').summary).toMatch(
      /^servera: OX context 1 holds test1001 as a full OX user \(ldapsync-ads\.conf covers it\), test1001@oxmail\.example\.com with 3 aliases, IMAP test1001@127\.0\.10\.2, SMTP 127\.0\.10\.2, module access as \/opt\/oxldapsync\/etc\/mapping\.ads\.conf; its last sync .* ago$/,
    );
    expect(on(rs, 'serverb').summary).toMatch(/IMAP test1001@127\.0\.10\.4, SMTP 127\.0\.10\.4/);
    const steps = on(rs, 'servera').steps.map((s) => s.name);
    expect(steps).toEqual([
      'coverage',
      'primary',
      'imap-login',
      'imap-server',
      'smtp-server',
      'aliases',
      'access',
      'seed-server',
      'sync',
    ]);
    const evidence = JSON.stringify(on(rs, 'servera').evidence);
    expect(evidence).toContain('/opt/open-xchange/sbin/listuser -c 1 -A oxadmin -s test1001 --csv');
    expect(evidence).not.toMatch(/ -P /);
    noSecrets(all);
  });

  it("info01: an infostore-only user, with the infostore mapping's module access", async () => {
    const rs = await probe(await labUser('info01'));
    expect(notOk(rs)).toEqual([]);
    for (const host of ['servera', 'serverb'])
      expect(on(rs, host).summary).toContain(
        `${host}: OX context 1 holds info01 as an infostore-only user (ldapsync-infostore-ads.conf covers it)`,
      );
    expect(on(rs, 'servera').summary).toContain('module access as /opt/oxldapsync/etc/mapping-infostore.ads.conf');
  });

  it("exch01: the seed's infostore filter takes every mail user without extensionAttribute1, so OX holds it as one, its mailbox in Exchange", async () => {
    const rs = await probe(await labUser('exch01'));
    expect(notOk(rs)).toEqual([]);
    expect(on(rs, 'servera').summary).toContain('holds exch01 as an infostore-only user');
    expect(on(rs, 'servera').summary).toContain('its mailbox is in Exchange (exch01@example.com)');
  });

  it('svc-postfix (a user without mail): no sync conf covers it and OX does not hold it: OK, said so', async () => {
    const rs = await probe(await labUser('svc-postfix'));
    expect(notOk(rs)).toEqual([]);
    expect(on(rs, 'servera').summary).toBe(
      'servera: not an OX user: no sync conf covers svc-postfix (ldapsync-ads.conf: userfilter does not match; ldapsync-infostore-ads.conf: userfilter does not match) and OX context 1 does not hold it, as it should be',
    );
  });

  it('user-missing-from-ox: CRIT on servera naming the missing user, the covering conf and the fix; OK after heal', async () => {
    const user = await labUser('test1001');
    const broken = await under('user-missing-from-ox', () => probe(user));
    const a = on(broken, 'servera');
    expect(a.status, show(broken)).toBe('crit');
    expect(a.summary).toMatch(
      /^servera: test1001 is missing from OX context 1 though ldapsync-ads\.conf covers it in AD; the last ldapsync-ads\.conf run \(.* ago\) finished without error(; OX's log has user \d+ created .* ago and no deletion since: it was removed outside OX's admin tools \(configdb, a restore\), and the next sync creates it again|: the user was removed from OX since, or came to AD after that run)$/,
    );
    expect(a.hint).toContain('run /opt/open-xchange/sbin/oxsync');
    expect(on(broken, 'serverb').status).toBe('ok');
    expect(notOk(await probe(user))).toEqual([]);
  });

  it("sync-truncated: ox1175, beyond AD's 1000-entry limit, is CRIT on servera naming ldaptype and the limit; OK after heal", async () => {
    const user = await labUser('ox1175');
    const early = await labUser('test1001');
    const [broken, first] = await under('sync-truncated', () => Promise.all([probe(user), probe(early)]));
    const a = on(broken, 'servera');
    expect(a.status, show(broken)).toBe('crit');
    const deleted = /OX's log has user (\d+) deleted/.exec(a.summary)?.[1];
    expect(deleted, a.summary).toMatch(/^\d+$/);
    expect(a.summary).toBe(
      `servera: ox1175 is missing from OX context 1: ldapsync-ads.conf does not page (ldaptype = openldap) and AD's size limit cuts its search at 1000 entries without ox1175, so the sync never sees it and deletes it from OX (deleteusers = yes); OX's log has user ${deleted} deleted under a minute ago`,
    );
    expect(a.hint).toBe(
      "set ldaptype = ads in /opt/oxldapsync/etc/ldapsync-ads.conf (paged search) or raise AD's MaxPageSize, then run /opt/open-xchange/sbin/oxsync",
    );
    expect(on(broken, 'serverb').status).toBe('ok');
    // A user within the first 1000 stays in OX: OK, and the sync step says the cut run still saw it.
    expect(on(first, 'servera').status, show(first)).toBe('ok');
    expect(on(first, 'servera').steps.find((s) => s.name === 'sync')?.summary).toMatch(
      /cut by AD's size limit after 1000, test1001 among them/,
    );
    expect(notOk(await probe(user))).toEqual([]);
  });

  it("a login OX holds with an AD entry no userfilter matches (svc-postfix's) is CRIT: the next sync deletes it", async () => {
    const [user, other] = await Promise.all([labUser('test1001'), labUser('svc-postfix')]);
    const rs = await probe(user, { ...user.target, entry: other.target.entry });
    const a = on(rs, 'servera');
    expect(a.status, show(rs)).toBe('crit');
    expect(a.summary).toBe(
      'servera: OX context 1 holds test1001 but no sync conf covers it in AD (ldapsync-ads.conf: userfilter does not match; ldapsync-infostore-ads.conf: userfilter does not match): with deleteusers = yes the next sync deletes it',
    );
  });

  it("OX's record against another AD entry (test1002's) names the primary address, IMAP login and aliases AD holds", async () => {
    const [user, other] = await Promise.all([labUser('test1001'), labUser('test1002')]);
    const rs = await probe(user, { ...user.target, entry: other.target.entry });
    const a = on(rs, 'servera');
    expect(a.status, show(rs)).toBe('crit');
    expect(a.summary).toBe(
      'servera: OX holds PrimaryEmail test1001@oxmail.example.com for test1001 but AD mail says test1002@oxmail.example.com',
    );
    const steps = Object.fromEntries(a.steps.map((s) => [s.name, s]));
    expect(steps['imap-login']!.summary).toBe(
      'servera: OX holds ImapLogin test1001 for test1001 but AD login says test1002',
    );
    expect(steps.aliases!.status).toBe('warn');
  });

  it("an infostore-only user (info01) against a full user's entry: OX gives it the infostore access, named", async () => {
    const [user, other] = await Promise.all([labUser('info01'), labUser('test1001')]);
    const rs = await probe(user, { ...user.target, entry: other.target.entry });
    const access = on(rs, 'servera').steps.find((s) => s.name === 'access')!;
    expect(access.status).toBe('crit');
    expect(access.summary).toMatch(
      /^servera: OX gives info01 the module access of an infostore-only user \(\/opt\/oxldapsync\/etc\/mapping-infostore\.ads\.conf\) but ldapsync-ads\.conf covers it as a full OX user: /,
    );
  });

  it('configdb-down: listuser fails on servera and serverb with the storage error, named; OK after heal', async () => {
    const user = await labUser('test1001');
    const broken = await under('configdb-down', () => probe(user));
    for (const host of ['servera', 'serverb']) {
      const r = on(broken, host);
      expect(r.status, show(broken)).toBe('crit');
      expect(r.summary).toMatch(new RegExp(`listuser on ${host} failed: server storage error \\(exit 106\\)`));
    }
    expect(notOk(await probe(user))).toEqual([]);
  });

  it('hostile logins (shell, LDAP, non-ASCII, 10,000 characters) reach listuser and grep as data: nothing runs on the host, CR/LF refused', async () => {
    const user = await labUser('test1001');
    const marker = `/tmp/oxdoctor-user-ox-${process.pid}`;
    const hostile = [`a b;touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, '*)(uid=*', 'tëst1001'];
    for (const login of [...hostile, `x${'a'.repeat(9999)}`]) {
      const rs = await probe(user, { ...user.target, login });
      const a = on(rs, 'servera');
      expect(a.status, `${login}: ${a.summary}`).toBe('crit');
      expect(a.summary.startsWith(`servera: ${login} is missing from OX context 1`), a.summary.slice(0, 200)).toBe(
        true,
      );
    }
    for (const host of ['servera', 'serverb'] as const) {
      const seen = await labExec(host, ['sh', '-c', `test -e ${marker} && echo present || echo absent`]);
      expect(seen.stdout.trim()).toBe('absent');
    }
    const [crlf] = await probe(user, { ...user.target, login: 'test1001\r\nuid=x' });
    expect(crlf!.status).toBe('crit');
    expect(crlf!.summary).toContain('contains CR, LF or NUL');
  });
});
