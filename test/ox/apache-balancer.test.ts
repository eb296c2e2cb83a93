import { describe, expect, it } from 'vitest';
import { parseApacheProxies, pathsTo } from '../../src/ox/apache-balancer.js';
import { parseAjpRoute } from '../../src/ox/ajp-route.js';

// The seed's node8888 proxy_ajp.conf.
const SEED = `LoadModule proxy_ajp_module modules/mod_proxy_ajp.so
ProxyPass /ajax balancer://oxcluster/ajax stickysession=JSESSIONID
ProxyPass /servlet balancer://oxcluster/servlet stickysession=JSESSIONID

<Proxy balancer://oxcluster>
 BalancerMember ajp://localhost:8009 smax=0 ttl=60 retry=5 loadfactor=50 route=OX-1
 BalancerMember ajp://192.168.109.115:8009 smax=0 ttl=60 retry=5 route=OX-2 status=+H
# BalancerMember ajp://192.168.109.116:8009 route=OX-3
</Proxy>
`;

describe('Apache balancer config', () => {
  it("reads the seed's members with route and hot standby, and the paths sent to the balancer", () => {
    const p = parseApacheProxies([{ path: '/etc/httpd/conf.d/proxy_ajp.conf', text: SEED }]);
    expect(p.members.map((m) => [m.balancer, m.host, m.port, m.route, m.hotStandby, m.line])).toEqual([
      ['oxcluster', 'localhost', 8009, 'OX-1', false, 6],
      ['oxcluster', '192.168.109.115', 8009, 'OX-2', true, 7],
    ]);
    expect(pathsTo(p, 'oxcluster')).toEqual(['/ajax', '/servlet']);
  });

  it('reads the stand-alone BalancerMember form, default ports and status flags other than H', () => {
    const p = parseApacheProxies([
      {
        path: 'x',
        text: 'BalancerMember balancer://c ajp://node1 route=a status=+D\nBalancerMember "balancer://c/" ajp://[::1]:8010 route=b status=H\n',
      },
    ]);
    expect(p.members.map((m) => [m.balancer, m.host, m.port, m.route, m.hotStandby])).toEqual([
      ['c', 'node1', 8009, 'a', false],
      ['c', '::1', 8010, 'b', true],
    ]);
  });

  it('sees a standalone node: ProxyPass straight to ajp:// and no members', () => {
    const p = parseApacheProxies([{ path: 'x', text: 'ProxyPass /ajax ajp://127.0.0.1:8009/ajax smax=0\n' }]);
    expect(p.members).toEqual([]);
    expect(p.proxyPasses[0]?.target).toBe('ajp://127.0.0.1:8009/ajax');
  });
});

describe("an OX node's own route", () => {
  it('reads OX6 AJP_JVM_ROUTE with either separator, the bind address, and OX7 backendRoute', () => {
    expect(parseAjpRoute('AJP_PORT:8009\nAJP_BIND_ADDR:10.0.0.5\nAJP_JVM_ROUTE:OX-1\n')).toEqual({
      key: 'AJP_JVM_ROUTE',
      route: 'OX-1',
      bindAddress: '10.0.0.5',
    });
    expect(parseAjpRoute('AJP_BIND_ADDR=*\nAJP_JVM_ROUTE = OX-2\n')).toEqual({ key: 'AJP_JVM_ROUTE', route: 'OX-2' });
    expect(parseAjpRoute('com.openexchange.server.backendRoute=OX1\n')?.route).toBe('OX1');
    expect(parseAjpRoute('# AJP_JVM_ROUTE:OX-1\n')).toBeUndefined();
  });
});
