import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  escapeDnValue,
  escapeFilterValue,
  expandTemplate,
  formatResult,
  isSuppressed,
  ldapQueryFor,
  TemplateError,
} from '../../src/postfix/ldap-expand.js';
import { bindPassword, parseLdapTable, parseServer } from '../../src/postfix/ldap-table.js';
import { keyFromEntry, sampleQuery } from '../../src/postfix/ldap-sample.js';

const ADLOCAL = `# seed server A
server_host = ldap://172.18.16.21:389
    ldap://172.18.16.22
search_base = DC=example,DC=com
version = 3
bind = yes
bind_dn = CN=svc-postfix,OU=Service Accounts,DC=example,DC=com
bind_pw = s3cret pass with spaces
query_filter =
  (&(objectclass=contact)(mail=*@oxmail.example.com)(proxyaddresses=smtp:%s@*))
result_attribute = mailNickname
`;

describe('ldap_table(5) files', () => {
  const t = parseLdapTable(ADLOCAL);

  it('reads every server of server_host in order, with ports', () => {
    expect(t.servers.map((s) => s.url)).toEqual(['ldap://172.18.16.21:389', 'ldap://172.18.16.22:389']);
  });

  it('reads the query, base, attributes and bind settings', () => {
    expect(t).toMatchObject({
      searchBase: 'DC=example,DC=com',
      scope: 'sub',
      queryFilter: '(&(objectclass=contact)(mail=*@oxmail.example.com)(proxyaddresses=smtp:%s@*))',
      resultAttributes: ['mailNickname'],
      resultFormat: '%s',
      bind: 'simple',
      bindDn: 'CN=svc-postfix,OU=Service Accounts,DC=example,DC=com',
      hasBindPassword: true,
      version: 3,
      domain: [],
    });
    expect(JSON.stringify(t)).not.toContain('s3cret');
    expect(bindPassword(ADLOCAL)).toBe('s3cret pass with spaces');
  });

  it('applies postfix defaults and server_port to bare host names', () => {
    const d = parseLdapTable(
      'server_host = ad1 ad2:1389\nserver_port = 3268\nscope = one\nresult_filter = smtp:[%s]\n',
    );
    expect(d.servers.map((s) => s.url)).toEqual(['ldap://ad1:3268', 'ldap://ad2:1389']);
    expect(d).toMatchObject({
      scope: 'one',
      queryFilter: 'mailacceptinggeneralid=%s',
      resultAttributes: ['maildrop'],
      resultFormat: 'smtp:[%s]',
      version: 2,
      timeoutSeconds: 10,
    });
    expect(parseServer('ldaps://dc.example.com', 389)).toMatchObject({ scheme: 'ldaps', port: 636 });
  });

  const corpus = fileURLToPath(new URL('../../../shared/corpus/postfix_ldap', import.meta.url));
  it.skipIf(!existsSync(corpus))('reads the real map files of the corpus', () => {
    for (const name of readdirSync(corpus)) {
      const table = parseLdapTable(readFileSync(`${corpus}/${name}`, 'utf8'));
      expect(table.servers[0]?.url, name).toBe('ldap://mail.example.com:389');
      expect(table.queryFilter, name).toMatch(/%s/);
      expect(table.resultAttributes.length, name).toBeGreaterThan(0);
    }
  });
});

describe('query expansion as postfix does it', () => {
  const table = (over: string) =>
    parseLdapTable(`search_base = ou=people,dc=example,dc=com\nresult_attribute = mail\n${over}`);

  it.each([
    ['(mail=%s)', 'Test1001@Example.com', '(mail=test1001@example.com)'],
    ['(uid=%u)', 'test1001@example.com', '(uid=test1001)'],
    ['(uid=%u)', 'test1001', '(uid=test1001)'],
    ['(dc=%d)', 'a@mail.example.com', '(dc=mail.example.com)'],
    ['(&(dc=%1)(dc=%2)(host=%3))', 'a@mail.example.com', '(&(dc=com)(dc=example)(host=mail))'],
    ['(mail=%U@%D)', 'a@b.c', '(mail=a@b.c)'],
    ['(x=100%%)', 'a@b', '(x=100%)'],
    ['mail=%s', 'a@b', '(mail=a@b)'],
    // hostile keys: every filter metacharacter arrives escaped
    ['(mail=%s)', '*)(uid=*', '(mail=\\2A\\29\\28uid=\\2A)'],
    [
      '(|(mail=%s)(proxyaddresses=smtp:%s))',
      'x)(objectclass=*',
      '(|(mail=x\\29\\28objectclass=\\2A)(proxyaddresses=smtp:x\\29\\28objectclass=\\2A))',
    ],
    ['(mail=%s)', 'a\\b\0c', '(mail=a\\5Cb\\00c)'],
  ])('%s with key %j sends %s', (filter, key, expected) => {
    const q = ldapQueryFor(table(`query_filter = ${filter}\n`), key);
    expect(isSuppressed(q) ? q.suppressed : q.filter).toBe(expected);
  });

  it.each([
    ['(dc=%d)', 'unqualified'],
    ['(uid=%u)', '@example.com'],
    ['(dc=%3)', 'a@example.com'],
  ])('%s suppresses the lookup of %j, as postfix does', (filter, key) => {
    expect(isSuppressed(ldapQueryFor(table(`query_filter = ${filter}\n`), key))).toBe(true);
  });

  it('quotes search_base expansions per RFC 2253', () => {
    const q = ldapQueryFor(table('search_base = ou=%d,dc=example\nquery_filter = (uid=%u)\n'), 'a@x,y+z');
    expect(isSuppressed(q) ? '' : q.base).toBe('ou=x\\2Cy\\2Bz,dc=example');
    expect(escapeDnValue(' #a"<>;\\')).toBe('\\20\\23a\\22\\3C\\3E\\3B\\5C');
    expect(escapeFilterValue('*()\\')).toBe('\\2A\\28\\29\\5C');
  });

  it('looks up only full addresses in listed domains when the map has a domain list', () => {
    const t = table('domain = example.com, example.org\nquery_filter = (mail=%s)\n');
    expect(isSuppressed(ldapQueryFor(t, 'a@example.org'))).toBe(false);
    expect(ldapQueryFor(t, 'a@example.net')).toEqual({
      suppressed: "example.net is not in the map's domain list (example.com, example.org)",
    });
    expect(isSuppressed(ldapQueryFor(t, 'a'))).toBe(true);
    expect(isSuppressed(ldapQueryFor(t, '@example.com'))).toBe(true);
  });

  it('rejects a template character postfix rejects', () => {
    expect(() => expandTemplate('(mail=%x)', 'a', (s) => s)).toThrow(TemplateError);
  });
});

describe('result formatting', () => {
  it('applies result_format to every value and joins them with commas', () => {
    const t = parseLdapTable('result_attribute = samaccountname\nresult_format = %s+sent_items@oxmail.example.com\n');
    expect(formatResult(t, 'test1001@example.com', [{ dn: 'x', sAMAccountName: 'test1001' }])).toBe(
      'test1001+sent_items@oxmail.example.com',
    );
    expect(formatResult(t, 'k', [{ sAMAccountName: ['a', 'b'] }, { samaccountname: 'c', mail: 'm' }])).toBe(
      'a+sent_items@oxmail.example.com,b+sent_items@oxmail.example.com,c+sent_items@oxmail.example.com',
    );
    expect(formatResult(t, 'k', [])).toBeNull();
  });

  it('takes %u/%d from the value and %U/%D from the key, skipping values that lack them', () => {
    const t = parseLdapTable('result_attribute = mail\nresult_format = %U@%d\n');
    expect(formatResult(t, 'Key@Other.example', [{ mail: ['x@a.com', 'unqualified', 'y@b.com'] }])).toBe(
      'key@a.com,key@b.com',
    );
    const u = parseLdapTable('result_attribute = mail\nresult_format = %u@%D\n');
    expect(formatResult(u, 'key@other.example', [{ mail: ['x@a.com', 'unqualified'] }])).toBe(
      'x@other.example,unqualified@other.example',
    );
  });

  it("keeps the quotes of the seed's result_format literally, as postfix does", () => {
    const t = parseLdapTable('result_attribute = samaccountname\nresult_format = "%s+Sent Items@oxmail.example.com"\n');
    expect(formatResult(t, 'k', [{ samaccountname: 'u1' }])).toBe('"u1+Sent Items@oxmail.example.com"');
  });
});

describe('sampling a key an ldap map is about', () => {
  it("widens adlocalrecipients' query and reads the contact's local part back from proxyAddresses", () => {
    const q = sampleQuery(parseLdapTable(ADLOCAL))!;
    expect(q.filter).toBe('(&(objectclass=contact)(mail=*@oxmail.example.com)(proxyaddresses=smtp:*@*))');
    expect(q.attribute).toBe('proxyaddresses');
    expect(keyFromEntry(q, { dn: 'x', proxyAddresses: ['X400:c=x', 'SMTP:oxex01@oxmail.example.com'] })).toBe('oxex01');
  });

  it('reads a whole address for %s and a local part for %u', () => {
    const exch = sampleQuery(
      parseLdapTable('query_filter = (&(objectclass=user)(|(mail=%s)(proxyaddresses=smtp:%s)))\n'),
    )!;
    expect(exch.filter).toBe('(&(objectclass=user)(|(mail=*)(proxyaddresses=smtp:*)))');
    expect(keyFromEntry(exch, { mail: 'Test1001@oxmail.example.com' })).toBe('test1001@oxmail.example.com');
    const copy = sampleQuery(
      parseLdapTable('query_filter = (&(objectclass=user)(|(mail=%u@*)(proxyaddresses=smtp:%u@*)))\n'),
    )!;
    expect(copy.keyIsLocalPart).toBe(true);
    expect(keyFromEntry(copy, { mail: 'test1001@oxmail.example.com' })).toBe('test1001');
  });

  it('gives up on queries it cannot invert', () => {
    expect(sampleQuery(parseLdapTable('query_filter = (mail=%d)\n'))).toBeNull();
    expect(sampleQuery(parseLdapTable('search_base = ou=%d\nquery_filter = (mail=%s)\n'))).toBeNull();
  });
});
