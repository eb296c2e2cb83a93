import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_ADDRESSES, labPaths, type LabPaths } from './lab.js';
import { run } from './probes.js';

const url = `ldap://${LAB_ADDRESSES.ad}:389`;
const bindDn = 'CN=svc-postfix,OU=Service Accounts,DC=example,DC=com';
const base = 'DC=example,DC=com';
const oxUsers = '(&(objectclass=user)(mail=*)(extensionAttribute1=*))';

describe('lab AD (slapd)', () => {
  let client: Client;
  beforeAll(async () => {
    const paths = await labPaths();
    client = new Client({ url });
    await client.bind(bindDn, (await readFile(path.join(paths.secrets, 'ldap-bind.pw'), 'utf8')).trim());
  });
  afterAll(async () => {
    await client.unbind();
  });

  it('caps an unpaged search at 1000 entries, as AD does', async () => {
    await expect(client.search(base, { filter: oxUsers, attributes: ['sAMAccountName'] })).rejects.toMatchObject({
      code: 4,
    }); // sizeLimitExceeded
  });

  it('returns every OX user to a paged search, more than 1000', async () => {
    const r = await client.search(base, { filter: oxUsers, attributes: ['sAMAccountName'], paged: { pageSize: 500 } });
    expect(r.searchEntries.length).toBeGreaterThanOrEqual(1200);
  });

  it('matches proxyAddresses case-insensitively, smtp: against SMTP:', async () => {
    const r = await client.search(base, {
      filter: '(&(objectclass=user)(proxyaddresses=smtp:TEST1001@example.com))',
      attributes: ['mail'],
    });
    expect(r.searchEntries.map((e) => e['mail'])).toEqual(['test1001@oxmail.example.com']);
  });

  it('finds the forwarding contact of an OX+Exchange user by the seed filter', async () => {
    const r = await client.search(base, {
      filter: '(&(objectclass=contact)(mail=*@oxmail.example.com)(proxyaddresses=smtp:oxex01@*))',
      attributes: ['mailNickname'],
    });
    expect(r.searchEntries.map((e) => e['mailNickname'])).toEqual(['oxex01']);
  });

  it('has infostore-only, Exchange-only and disabled users and both sender domains', async () => {
    const count = async (filter: string): Promise<number> =>
      (await client.search(base, { filter, attributes: ['cn'], paged: { pageSize: 500 } })).searchEntries.length;
    expect(await count('(&(objectclass=user)(mail=*@oxmail.example.com)(!(extensionAttribute1=*)))')).toBeGreaterThan(
      0,
    );
    expect(await count('(&(objectclass=user)(mail=*@example.com)(!(extensionAttribute1=*)))')).toBeGreaterThan(0);
    expect(await count('(&(objectclass=user)(userAccountControl=514))')).toBe(1);
    expect(await count('(proxyaddresses=smtp:*@example.org)')).toBeGreaterThan(0);
  });
});

describe('lab KDC', () => {
  let paths: LabPaths;
  beforeAll(async () => {
    paths = await labPaths();
  });

  const kinit = async (user: string, password: string): Promise<{ code: number; out: string }> => {
    const env = {
      ...process.env,
      KRB5_CONFIG: path.join(paths.state, 'hosts/servera/etc/krb5.conf'),
      KRB5CCNAME: `MEMORY:lab-test-${user}`,
    };
    const r = await run('kinit', [user], { stdin: `${password}\n`, env });
    return { code: r.code, out: r.stdout + r.stderr };
  };
  const password = async (user: string): Promise<string> =>
    (await readFile(path.join(paths.secrets, `${user}.pw`), 'utf8')).trim();

  it('gives the test user a ticket with its password', async () => {
    expect(await kinit('test1001', await password('test1001'))).toMatchObject({ code: 0 });
  });

  it('refuses a wrong password, an unknown, a disabled and an expired principal with their own texts', async () => {
    expect((await kinit('test1001', 'wrong')).out).toMatch(/Password incorrect|Preauthentication failed/);
    expect((await kinit('nobody-here', 'x')).out).toMatch(/not found in Kerberos database/);
    expect((await kinit('test1090', await password('test1090'))).out).toMatch(/credentials have been revoked/);
    expect((await kinit('test1091', await password('test1091'))).out).toMatch(/Password expired/);
  });
});
