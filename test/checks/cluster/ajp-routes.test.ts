// cluster/ajp-routes on a cluster node: the seed's proxy_ajp.conf (the lab's copy) with this node's member on
// 127.0.0.1 and the peer on 127.0.0.2, this node's ajp.properties in a host tree, and both OX nodes' AJP
// connectors answering GET /ajax/ with their session cookie.
import { afterEach, describe, expect, it } from 'vitest';
import { ajpRoutesCheck } from '../../../checks/cluster/ajp-routes.js';
import { APACHE_CONF_FACT } from '../../../src/facts/apache-conf.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort } from '../../helpers/tcp.js';
import { fixtureTree, type FixtureTree } from '../../facts/fixture-hosts.js';
import { RootedTransport } from '../../facts/rooted-transport.js';
import { seed } from '../../facts/seed.js';
import { startOxNode, type OxNode } from './ox-node.js';

const CONF = '/etc/httpd/conf.d/proxy_ajp.conf';

// The seed's proxy_ajp.conf with the two members given.
const proxyAjp = (local: string, peer: string): string => `<Proxy *>
 Order deny,allow
 allow from all
</Proxy>
ProxyPreserveHost On
ProxyPass /ajax balancer://oxcluster/ajax stickysession=JSESSIONID
ProxyPass /servlet balancer://oxcluster/servlet stickysession=JSESSIONID

<Proxy balancer://oxcluster>
 ${local}
 ${peer}
</Proxy>
`;

const opened: Array<OxNode | FixtureTree> = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await ('close' in o ? o.close() : o.remove());
});

async function node(host: string, route: string | undefined): Promise<OxNode> {
  const n = await startOxNode(host, route);
  opened.push(n);
  return n;
}

function host(conf: string | undefined, ajpProperties = 'AJP_PORT:8009\nAJP_JVM_ROUTE:OX-1\n') {
  const tree = fixtureTree({ '/opt/open-xchange/etc/groupware/ajp.properties': ajpProperties });
  opened.push(tree);
  const files = conf === undefined ? [] : [{ path: CONF, text: conf, mtimeMs: Date.now() - 86_400_000 }];
  return makeContext({ transport: new RootedTransport(tree.root, 'servera'), facts: seed(APACHE_CONF_FACT, files) });
}

const member = (n: { host: string; port: number }, extra: string) =>
  `BalancerMember ajp://${n.host}:${n.port} smax=0 ttl=60 ${extra}`;

describe('cluster/ajp-routes', () => {
  it('is OK when both nodes run with the routes the balancer expects and the peer is the hot standby', async () => {
    const [mine, peer] = await Promise.all([node('127.0.0.1', 'OX-1'), node('127.0.0.2', 'OX-2')]);
    const ctx = host(proxyAjp(member(mine, 'loadfactor=50 route=OX-1'), member(peer, 'route=OX-2 status=+H')));
    const outcome = await ajpRoutesCheck.run(ctx);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe(
      `balancer routes match their nodes: testhost's own OX node (ajp://127.0.0.1:${mine.port}) runs with route OX-1 ` +
        'as the balancer expects (and /opt/open-xchange/etc/groupware/ajp.properties says so); ' +
        `the OX node at ajp://127.0.0.2:${peer.port} runs with route OX-2 as the balancer expects`,
    );
    expect(JSON.stringify(ctx.evidence)).toContain('JSESSIONID=9A70F3C21B5E.OX-2');
  });

  it("is CRIT when this node's ajp.properties names another route than its balancer member", async () => {
    const [mine, peer] = await Promise.all([node('127.0.0.1', 'OX-3'), node('127.0.0.2', 'OX-2')]);
    const conf = proxyAjp(member(mine, 'route=OX-1'), member(peer, 'route=OX-2 status=+H'));
    const outcome = await ajpRoutesCheck.run(host(conf, 'AJP_JVM_ROUTE:OX-3\n'));
    expect(outcome.status).toBe('crit');
    // catches: this node's AJP_JVM_ROUTE differs from its balancer member's route=
    expect(outcome.summary).toContain(
      'has AJP_JVM_ROUTE OX-3 (/opt/open-xchange/etc/groupware/ajp.properties) ' +
        'but the balancer oxcluster expects route=OX-1',
    );
    expect(outcome.summary).toContain('sessions lose stickiness');
    expect(outcome.hint).toMatch(/^make them equal: set AJP_JVM_ROUTE:OX-1 in /);
  });

  it('is CRIT when the peer runs with another route than its member line says', async () => {
    const [mine, peer] = await Promise.all([node('127.0.0.1', 'OX-1'), node('127.0.0.2', 'OX-1')]);
    const outcome = await ajpRoutesCheck.run(
      host(proxyAjp(member(mine, 'route=OX-1'), member(peer, 'route=OX-2 status=+H'))),
    );
    expect(outcome.status).toBe('crit');
    // catches: a node runs with another route (its JSESSIONID suffix) than its member line says
    expect(outcome.summary).toBe(
      `the OX node at ajp://127.0.0.2:${peer.port} runs with route OX-1 (its JSESSIONID suffix) but the balancer ` +
        `oxcluster expects route=OX-2 (${CONF} line 11): sessions lose stickiness: requests of one login land on the ` +
        'other node, which does not know the session (users are logged out at random)',
    );
  });

  it('warns when the peer is not the hot standby, and when this node is', async () => {
    const [mine, peer] = await Promise.all([node('127.0.0.1', 'OX-1'), node('127.0.0.2', 'OX-2')]);
    const both = await ajpRoutesCheck.run(host(proxyAjp(member(mine, 'route=OX-1'), member(peer, 'route=OX-2'))));
    expect(both.status).toBe('warn');
    // catches: no member is the hot standby: both nodes take load
    expect(both.summary).toMatch(
      /^no member of balancer oxcluster is a hot standby \(status=\+H\): both nodes take load/,
    );
    expect(both.hint).toBe("add status=+H to the peer node's BalancerMember line, as in the seed");

    const swapped = await ajpRoutesCheck.run(
      host(proxyAjp(member(mine, 'route=OX-1 status=+H'), member(peer, 'route=OX-2'))),
    );
    expect(swapped.status).toBe('warn');
    // catches: this node's own member is the hot standby: Apache sends everything to the peer
    expect(swapped.summary).toMatch(
      /^this node's own member ajp:\/\/127\.0\.0\.1:\d+ is the hot standby in balancer oxcluster/,
    );
  });

  it('is CRIT for a member without route= and for two members sharing one', async () => {
    const [mine, peer] = await Promise.all([node('127.0.0.1', 'OX-1'), node('127.0.0.2', 'OX-2')]);
    const noRoute = await ajpRoutesCheck.run(host(proxyAjp(member(mine, 'route=OX-1'), member(peer, 'status=+H'))));
    expect(noRoute.status).toBe('crit');
    // catches: a balancer member without route=
    expect(noRoute.summary).toMatch(/^balancer member ajp:\/\/127\.0\.0\.2:\d+ \(.* line 11\) has no route=/);

    const shared = await ajpRoutesCheck.run(
      host(proxyAjp(member(mine, 'route=OX-1'), member(peer, 'route=OX-1 status=+H'))),
    );
    expect(shared.status).toBe('crit');
    // catches: two members share one route=
    expect(shared.steps?.map((s) => s.summary)).toContain(
      'two members of balancer oxcluster share route=OX-1: sessions lose stickiness: requests of one login land on ' +
        'the other node, which does not know the session (users are logged out at random)',
    );
  });

  it('is CRIT when every member is a hot standby', async () => {
    const [mine, peer] = await Promise.all([node('127.0.0.1', 'OX-1'), node('127.0.0.2', 'OX-2')]);
    const outcome = await ajpRoutesCheck.run(
      host(proxyAjp(member(mine, 'route=OX-1 status=+H'), member(peer, 'route=OX-2 status=+H'))),
    );
    expect(outcome.status).toBe('crit');
    // catches: every member is a hot standby: no active node
    expect(outcome.summary).toContain(
      'every member of balancer oxcluster is a hot standby (status=+H): no active node',
    );
  });

  it('warns when the hot standby is down and is CRIT when the active node is', async () => {
    const mine = await node('127.0.0.1', 'OX-1');
    const deadPeer = { host: '127.0.0.2', port: await closedPort() };
    const peerDown = await ajpRoutesCheck.run(
      host(proxyAjp(member(mine, 'route=OX-1'), member(deadPeer, 'route=OX-2 status=+H'))),
    );
    expect(peerDown.status).toBe('warn');
    // catches: the hot standby node is down: no failover
    expect(peerDown.summary).toMatch(
      /no failover if the active node fails; its route \(expected OX-2\) cannot be read$/,
    );

    const peer = await node('127.0.0.2', 'OX-2');
    const deadMine = { host: '127.0.0.1', port: await closedPort() };
    const mineDown = await ajpRoutesCheck.run(
      host(proxyAjp(member(deadMine, 'route=OX-1'), member(peer, 'route=OX-2 status=+H'))),
    );
    expect(mineDown.status).toBe('crit');
    // catches: the active node is down
    expect(mineDown.summary).toMatch(/the balancer's active node is down; its route \(expected OX-1\) cannot be read$/);
  });

  it('is OK for a standalone node without a balancer, and UNKNOWN without any Apache configuration', async () => {
    const standalone = await ajpRoutesCheck.run(host('ProxyPass /ajax ajp://localhost:8009/ajax\n'));
    expect(standalone.status).toBe('ok');
    expect(standalone.summary).toBe(
      "no balancer in Apache's config: it proxies /ajax straight to ajp://localhost:8009/ajax (standalone node); " +
        "this node's AJP_JVM_ROUTE OX-1 (/opt/open-xchange/etc/groupware/ajp.properties) steers nothing",
    );
    const none = await ajpRoutesCheck.run(host(undefined));
    expect(none.status).toBe('unknown');
    expect(none.summary).toMatch(/^no Apache configuration found on testhost/);
  });
});
