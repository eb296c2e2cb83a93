// cluster/ajp-routes: each balancer member's route= in Apache is the route its OX node really uses, and one
// member (the peer) is the hot standby (+H), as in the seed. This host's route is read from its own
// ajp.properties; every member's live route (this one and the peer, which oxdoctor may have no SSH to) is read
// from the session cookie the node sets on a plain AJP GET, the suffix mod_proxy_balancer's stickiness matches.
import type { Check, CheckContext } from '../../src/core/check.js';
import { fromSteps, ok, unknown, type Step } from '../../src/core/result.js';
import { ajpRoute, type AjpRouteFact } from '../../src/facts/ajp-route.js';
import { apacheConf } from '../../src/facts/apache-conf.js';
import { AJP_ROUTE_FILES } from '../../src/ox/ajp-route.js';
import { parseApacheProxies, pathsTo, type BalancerMember } from '../../src/ox/apache-balancer.js';
import { APACHE_CONF_PATTERNS } from '../../src/facts/apache-conf.js';
import { probeAjpGet } from '../../src/protocols/ajp13-forward.js';
import { failureSummary, openerFor, remainingMs } from '../../src/checkkit/probe.js';

const STICKINESS =
  'sessions lose stickiness: requests of one login land on the other node, which does not know the session (users are logged out at random)';

export const ajpRoutesCheck: Check = {
  id: 'cluster/ajp-routes',
  title: 'Balancer routes',
  roles: ['groupware'],
  proves:
    "each Apache balancer member's route= matches its OX node's AJP_JVM_ROUTE (this node from ajp.properties, every node live), and the peer is the hot standby (+H)",
  catches: [
    "this node's AJP_JVM_ROUTE differs from its balancer member's route=",
    'a node runs with another route (its JSESSIONID suffix) than its member line says',
    'a balancer member without route=',
    'two members share one route=',
    'every member is a hot standby: no active node',
    'no member is the hot standby: both nodes take load',
    "this node's own member is the hot standby: Apache sends everything to the peer",
    'the active node is down',
    'the hot standby node is down: no failover',
  ],
  misses: [
    "a node that sets no JSESSIONID on GET: its live route is not seen (OK with the file's route; curl -I /ajax/)",
    'Apache not reloaded after proxy_ajp.conf changed: it runs another balancer than the file (balancer-manager)',
    'stickysession missing or naming another cookie on ProxyPass (not checked; grep stickysession in proxy_ajp.conf)',
    'the cluster address itself: which node holds the VIP and fails it over (cluster/vip)',
    'a node that answers AJP but fails requests (service/http, service/ajp on that node)',
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    const [files, own] = await Promise.all([apacheConf(ctx), ajpRoute(ctx)]);
    if (files.length === 0) {
      return unknown(
        `no Apache configuration found on ${ctx.host.name} (looked at ${APACHE_CONF_PATTERNS.join(', ')}): cannot compare balancer routes`,
        {
          hint: 'check service/http; if Apache lives elsewhere, this check has nothing to compare here',
        },
      );
    }
    const proxies = parseApacheProxies(files);
    const routeSays = own.config
      ? `${own.config.key} ${own.config.route} (${own.path})`
      : `no route in ${own.path ?? AJP_ROUTE_FILES.join(', ')}`;
    if (proxies.members.length === 0) {
      const direct = proxies.proxyPasses.find((p) => /^ajp:\/\//i.test(p.target));
      return ok(
        `no balancer in Apache's config: ${direct ? `it proxies ${direct.path} straight to ${direct.target} (standalone node)` : 'no AJP proxying at all'}; this node's ${routeSays} steers nothing`,
      );
    }
    const local = localNames(ctx, own);
    const steps: Step[] = [];
    for (const balancer of new Set(proxies.members.map((m) => m.balancer))) {
      const members = proxies.members.filter((m) => m.balancer === balancer);
      const path = `${(pathsTo(proxies, balancer)[0] ?? '/ajax').replace(/\/?$/, '/')}`;
      steps.push(
        ...(await Promise.all(
          members.map((m) => memberStep(ctx, m, local.has(m.host.toLowerCase()) ? own : undefined, path)),
        )),
      );
      steps.push(...shapeSteps(balancer, members, local));
    }
    return fromSteps(
      steps,
      steps.every((s) => s.status === 'ok')
        ? {
            summary: `balancer routes match their nodes: ${steps
              .filter((s) => s.name.startsWith('ajp'))
              .map((s) => s.summary)
              .join('; ')}`,
          }
        : {},
    );
  },
};

// Names a member may use for this host's own OX node.
function localNames(ctx: CheckContext, own: AjpRouteFact): Set<string> {
  const names = ['localhost', '127.0.0.1', '::1', ctx.host.name];
  if (ctx.host.transport.kind === 'ssh') names.push(ctx.host.transport.ssh.hostname);
  if (own.config?.bindAddress) names.push(own.config.bindAddress);
  return new Set(names.map((n) => n.toLowerCase()));
}

async function memberStep(
  ctx: CheckContext,
  m: BalancerMember,
  own: AjpRouteFact | undefined,
  path: string,
): Promise<Step> {
  const name = `${m.url}${m.route ? ` route=${m.route}` : ''}${m.hotStandby ? ' +H' : ''}`;
  const who = own ? `${ctx.host.name}'s own OX node (${m.url})` : `the OX node at ${m.url}`;
  const where = `${m.file} line ${m.line}`;
  if (!m.route) {
    return {
      name,
      status: 'crit',
      summary: `balancer member ${m.url} (${where}) has no route=: ${STICKINESS}`,
      hint: `add route=<that node's AJP_JVM_ROUTE> to the BalancerMember line`,
    };
  }
  const configured = own?.config?.route;
  if (configured !== undefined && configured !== m.route) {
    return {
      name,
      status: 'crit',
      summary: `${who} has ${own?.config?.key} ${configured} (${own?.path}) but the balancer ${m.balancer} expects route=${m.route} for it (${where}): ${STICKINESS}`,
      hint: `make them equal: set ${own?.config?.key}:${m.route} in ${own?.path} and restart OX, or set route=${configured} on that BalancerMember line and reload Apache`,
    };
  }
  if (m.scheme !== 'ajp')
    return {
      name,
      status: 'ok',
      summary: `${who} is expected as route=${m.route}; not an AJP member, live route not read`,
    };
  const live = await probeAjpGet(
    openerFor(ctx, m.host, m.port),
    { path, hostHeader: ctx.host.name },
    { signal: ctx.signal, timeoutMs: remainingMs(ctx) },
  );
  ctx.record(
    `AJP GET ${path} ${m.host}:${m.port} (${live.durationMs} ms)`,
    [...live.transcript, ...(live.ok ? live.value.headers.map(([k, v]) => `S: ${k}: ${v}`) : [])].join('\n'),
  );
  if (!live.ok) {
    const observed = failureSummary(
      `${who} (${m.hotStandby ? 'hot standby' : 'active member'})`,
      `${m.host}:${m.port}`,
      live.failure,
      live.message,
    );
    return m.hotStandby
      ? {
          name,
          status: 'warn',
          summary: `${observed}: no failover if the active node fails; its route (expected ${m.route}) cannot be read`,
          hint: 'start OX on that node, or check the network between the nodes (service/ajp on it)',
        }
      : {
          name,
          status: 'crit',
          summary: `${observed}: the balancer's active node is down; its route (expected ${m.route}) cannot be read`,
          hint: 'start OX on that node (service/ajp names the failure)',
        };
  }
  const seen = live.value.route;
  if (seen === undefined) {
    const fromFile = configured !== undefined ? `; ${own?.path} says ${configured}` : '';
    return {
      name,
      status: 'ok',
      summary: `${who} answers AJP but set no JSESSIONID on GET ${path}, so its live route is not visible; expected route=${m.route}${fromFile}`,
    };
  }
  if (seen !== m.route) {
    return {
      name,
      status: 'crit',
      summary: `${who} runs with route ${seen} (its JSESSIONID suffix) but the balancer ${m.balancer} expects route=${m.route} (${where}): ${STICKINESS}`,
      hint: `make them equal: that node's AJP_JVM_ROUTE (ajp.properties, then restart OX) or route=${seen} on the BalancerMember line (reload Apache)`,
    };
  }
  const fromFile = own
    ? configured !== undefined
      ? ` (and ${own.path} says so)`
      : ` (no route in ${own.path ?? 'ajp.properties'} to compare)`
    : '';
  return { name, status: 'ok', summary: `${who} runs with route ${seen} as the balancer expects${fromFile}` };
}

// The seed's shape: distinct routes, this node's member active, the peer's the hot standby.
function shapeSteps(balancer: string, members: readonly BalancerMember[], local: ReadonlySet<string>): Step[] {
  const steps: Step[] = [];
  const name = `balancer://${balancer}`;
  const routes = members.map((m) => m.route).filter((r): r is string => r !== undefined);
  const dup = routes.find((r, i) => routes.indexOf(r) !== i);
  if (dup)
    steps.push({
      name,
      status: 'crit',
      summary: `two members of balancer ${balancer} share route=${dup}: ${STICKINESS}`,
      hint: "give every member its node's own AJP_JVM_ROUTE",
    });
  const standby = members.filter((m) => m.hotStandby);
  const mine = members.find((m) => local.has(m.host.toLowerCase()));
  if (members.length > 1 && standby.length === members.length) {
    steps.push({
      name,
      status: 'crit',
      summary: `every member of balancer ${balancer} is a hot standby (status=+H): no active node`,
      hint: "remove status=+H from the local node's BalancerMember line",
    });
  } else if (members.length > 1 && standby.length === 0) {
    steps.push({
      name,
      status: 'warn',
      summary: `no member of balancer ${balancer} is a hot standby (status=+H): both nodes take load, unlike the seed's active/standby pair`,
      hint: "add status=+H to the peer node's BalancerMember line, as in the seed",
    });
  } else if (mine?.hotStandby) {
    steps.push({
      name,
      status: 'warn',
      summary: `this node's own member ${mine.url} is the hot standby in balancer ${balancer}: Apache sends every request to the peer`,
      hint: 'the seed marks the peer with status=+H, not the local node',
    });
  } else {
    steps.push({
      name,
      status: 'ok',
      summary: `balancer ${balancer}: ${members.length - standby.length} active, hot standby ${standby.map((m) => m.url).join(', ') || 'none'}`,
    });
  }
  return steps;
}
