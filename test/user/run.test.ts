// runUser when AD cannot answer: the directory hop says so with the fix, nothing else runs (no user to follow),
// exit 3; and with no AD endpoint in the config at all.
import { describe, expect, it } from 'vitest';
import { runUser } from '../../src/user/run.js';
import { closedPort } from '../helpers/tcp.js';
import { host, site } from '../runner/helpers.js';

const catalogue = [] as const;
const noTransport = () => {
  throw new Error('no host may be asked when the user is not known');
};

describe('runUser without AD', () => {
  it('AD refusing the connection: UNKNOWN naming AD and the config key, no other hop, exit 3', async () => {
    const port = await closedPort();
    const s = {
      ...site({}, [host('relay')]),
      endpoints: { ldap: { url: `ldap://127.0.0.1:${port}`, baseDn: 'DC=example,DC=com' } },
    };
    const r = await runUser({ site: s, transportFor: noTransport, query: 'test1001', catalogue, probes: [] });
    expect(r.exitCode).toBe(3);
    expect(r.hops.map((h) => h.id)).toEqual(['directory']);
    expect(r.verdict).toHaveLength(1);
    expect(r.verdict[0]!.sentence).toMatch(/^AD cannot be asked who test1001 is: /);
    expect(r.verdict[0]!.fix).toMatch(/endpoints\.ldap/);
  });

  it('no AD endpoint in the config: said so', async () => {
    const r = await runUser({
      site: site({}, [host('relay')]),
      transportFor: noTransport,
      query: 'anna@example.com',
      catalogue,
      probes: [],
    });
    expect(r.exitCode).toBe(3);
    expect(r.verdict[0]!.sentence).toMatch(/no AD LDAP endpoint in the config \(endpoints\.ldap\)/);
  });
});
