import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigText, showConfig, validateConfig, embeddedDefault } from '../../src/config/index.js';
import { redactor } from '../../src/core/redact.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rhelServerB, type FixtureTree } from '../facts/fixture-hosts.js';
import { RootedTransport } from '../facts/rooted-transport.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const PLANTED = 'planted Secret with spaces 4711';

describe('secrets in config show and validate', () => {
  it('shows a resolved secret only as its reference', async () => {
    const text = `hosts:
  here: { local: true, roles: [groupware] }
endpoints:
  ldap: { url: "ldap://127.0.0.1", bindDn: "cn=svc", bindPassword: { env: AD_BIND_PW }, baseDn: "dc=example" }
`;
    const loaded = await loadConfigText(text, 'site.yaml', { env: { AD_BIND_PW: PLANTED }, home: '/nonexistent' });
    const shown = showConfig(loaded.site);
    expect(shown).toContain('bindPassword: <secret env:AD_BIND_PW>');
    expect(shown).not.toContain('4711');
    expect(shown).not.toContain('planted Secret');
    expect(redactor.redact(`x ${PLANTED} y`)).toBe('x ******** y');
  });

  it('never repeats a literal secret in validate output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-redact-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'site.yaml');
    writeFileSync(
      path,
      `hosts:\n  here: { local: true }\ntestUser: { login: t, address: t@x.org, password: "${PLANTED}" }\n`,
    );
    const v = await validateConfig({ explicitPath: path, env: {}, home: '/nonexistent' });
    expect(v.errors).toEqual([
      `${path}:3:51: testUser.password: secrets are references: use {env: NAME} or {file: PATH} or prompt`,
    ]);
    expect(v.errors.join('\n')).not.toContain('4711');
  });

  it('masks the bind_pw discovered in a postfix ldap map in the embedded default', async () => {
    const tree: FixtureTree = rhelServerB();
    cleanups.push(() => tree.remove());
    const loaded = await embeddedDefault({ localReader: new RootedTransport(tree.root), hostname: 'serverb' });
    expect(loaded.site.endpoints.ldap?.bindPassword?.reveal()).toBe('s3cret pass with spaces');
    const shown = showConfig(loaded);
    expect(shown).toContain('bindPassword: <secret file:/etc/postfix/adlocalrecipients bind_pw>');
    expect(shown).not.toContain('s3cret');
    expect(shown).not.toContain('pass with spaces');
    expect(JSON.stringify(loaded.site)).not.toContain('s3cret');
  });
});
