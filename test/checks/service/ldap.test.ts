import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ldapCheck } from '../../../checks/service/ldap.js';
import type { SiteConfig } from '../../../src/config/types.js';
import { Secret } from '../../../src/core/redact.js';
import type { Daemon } from '../../helpers/daemons/process.js';
import { LDAP_BASE, LDAP_BIND_DN, LDAP_BIND_PW, startSlapd } from '../../helpers/daemons/slapd.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, silentServer } from '../../helpers/tcp.js';

let slapd: Daemon & { url: string };
beforeAll(async () => {
  slapd = await startSlapd();
});
afterAll(() => slapd.stop());

const site = (url: string, password: string, baseDn = LDAP_BASE): Partial<SiteConfig> => ({
  endpoints: { ldap: { url, bindDn: LDAP_BIND_DN, bindPassword: new Secret(password, 'env:AD_BIND_PW'), baseDn } },
});

describe('service/ldap (through the transport tunnel)', () => {
  it('is OK when the service account binds and the base DN exists', async () => {
    const ctx = makeContext({ site: site(slapd.url, LDAP_BIND_PW) });
    const outcome = await ldapCheck.run(ctx);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe(
      `AD LDAP at 127.0.0.1:${slapd.port} accepts the bind as ${LDAP_BIND_DN} and finds ${LDAP_BASE}`,
    );
    expect(JSON.stringify(ctx.evidence)).not.toContain(LDAP_BIND_PW);
  });

  it('is CRIT with rc 49 for a wrong password, without printing it', async () => {
    const ctx = makeContext({ site: site(slapd.url, 'Wrong-Pw-1234') });
    const outcome = await ldapCheck.run(ctx);
    expect(outcome.status).toBe('crit');
    // catches: service account's password wrong or changed: invalid credentials (rc 49)
    expect(outcome.summary).toMatch(/refused the credentials \(invalid credentials \(rc 49\)/);
    expect(JSON.stringify({ outcome, evidence: ctx.evidence })).not.toContain('Wrong-Pw-1234');
  });

  it('is CRIT when the base DN does not exist', async () => {
    const outcome = await ldapCheck.run(makeContext({ site: site(slapd.url, LDAP_BIND_PW, `ou=gone,${LDAP_BASE}`) }));
    expect(outcome.status).toBe('crit');
    // catches: base DN does not exist (OU renamed or moved)
    expect(outcome.summary).toContain(`base DN ou=gone,${LDAP_BASE} does not exist`);
  });

  it('is CRIT "refused" (not a vague tunnel error) when the directory is down', async () => {
    const dead = await closedPort();
    const outcome = await ldapCheck.run(makeContext({ site: site(`ldap://127.0.0.1:${dead}`, LDAP_BIND_PW) }));
    expect(outcome.status).toBe('crit');
    // catches: directory down or port closed: connection refused
    expect(outcome.summary).toContain(`AD LDAP at 127.0.0.1:${dead} refused the connection`);
  });

  it('is CRIT in time when the directory accepts the connection but never answers the bind', async () => {
    const hung = await silentServer();
    try {
      const started = Date.now();
      const ctx = makeContext({ site: site(`ldap://127.0.0.1:${hung.port}`, LDAP_BIND_PW), timeoutMs: 2000 });
      const outcome = await ldapCheck.run(ctx);
      expect(outcome.status).toBe('crit');
      // catches: directory accepts but never answers the bind (DC overloaded or hung)
      expect(outcome.summary).toContain(`at 127.0.0.1:${hung.port} did not answer in time`);
      expect(Date.now() - started).toBeLessThan(3500);
    } finally {
      await hung.close();
    }
  });

  it('is CRIT "unreachable" when the directory name does not resolve from the host', async () => {
    const outcome = await ldapCheck.run(makeContext({ site: site('ldap://no-such-dc.invalid', LDAP_BIND_PW) }));
    expect(outcome.status).toBe('crit');
    // catches: directory name does not resolve from the host
    expect(outcome.summary).toContain('AD LDAP at no-such-dc.invalid:389 is unreachable');
    expect(outcome.hint).toMatch(/no route to no-such-dc\.invalid:389: check the address, DNS/);
  });

  it('is UNKNOWN when no LDAP endpoint is configured', async () => {
    const outcome = await ldapCheck.run(makeContext());
    expect(outcome.status).toBe('unknown');
    expect(outcome.hint).toMatch(/endpoints\.ldap/);
  });
});
