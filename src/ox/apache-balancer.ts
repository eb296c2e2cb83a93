// Apache's mod_proxy_balancer setup in front of OX: <Proxy balancer://NAME> blocks with BalancerMember lines
// (route=, status=+H for the hot standby), the stand-alone "BalancerMember balancer://NAME URL" form, and the
// ProxyPass lines that send paths to a balancer or straight to an AJP node.

export interface ConfigFile {
  readonly path: string;
  readonly text: string;
}

export interface BalancerMember {
  readonly balancer: string; // "oxcluster"
  readonly url: string; // "ajp://192.168.109.115:8009"
  readonly scheme: string; // "ajp"
  readonly host: string;
  readonly port: number;
  readonly route?: string;
  readonly hotStandby: boolean; // status=+H
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

export interface ProxyPassLine {
  readonly path: string; // "/ajax"
  readonly target: string; // "balancer://oxcluster/ajax", "ajp://127.0.0.1:8009/ajax"
  readonly file: string;
  readonly line: number;
}

export interface ApacheProxies {
  readonly members: readonly BalancerMember[];
  readonly proxyPasses: readonly ProxyPassLine[];
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { ajp: 8009, http: 80, https: 443 };

export function parseApacheProxies(files: readonly ConfigFile[]): ApacheProxies {
  const members: BalancerMember[] = [];
  const proxyPasses: ProxyPassLine[] = [];
  for (const file of files) {
    let inBalancer: string | undefined;
    file.text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const open = /^<Proxy\s+"?balancer:\/\/([^/">\s]+)\/?"?\s*>/i.exec(line);
      if (open) {
        inBalancer = open[1];
        return;
      }
      if (/^<\/Proxy\s*>/i.test(line)) {
        inBalancer = undefined;
        return;
      }
      const words = line.split(/\s+/);
      const directive = words[0]?.toLowerCase();
      if (directive === 'balancermember') {
        let args = words.slice(1);
        let balancer = inBalancer;
        const named = /^"?balancer:\/\/([^/"]+)\/?"?$/i.exec(args[0] ?? '');
        if (named) {
          balancer = named[1];
          args = args.slice(1);
        }
        const member = balancer ? toMember(balancer, args, file.path, i + 1, line) : undefined;
        if (member) members.push(member);
      } else if (directive === 'proxypass' && words[1] && words[2] && !words[1].startsWith('!')) {
        proxyPasses.push({ path: words[1], target: words[2], file: file.path, line: i + 1 });
      }
    });
  }
  return { members, proxyPasses };
}

function toMember(
  balancer: string,
  args: readonly string[],
  file: string,
  line: number,
  text: string,
): BalancerMember | undefined {
  const url = args[0];
  const m = url ? /^(\w+):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?/.exec(url) : null;
  if (!url || !m?.[1] || !m[2]) return undefined;
  const params = new Map<string, string>();
  for (const kv of args.slice(1)) {
    const eq = kv.indexOf('=');
    if (eq > 0) params.set(kv.slice(0, eq).toLowerCase(), kv.slice(eq + 1));
  }
  const scheme = m[1].toLowerCase();
  const route = params.get('route');
  return {
    balancer,
    url,
    scheme,
    host: m[2].replace(/^\[|\]$/g, ''),
    port: m[3] ? Number(m[3]) : (DEFAULT_PORTS[scheme] ?? 0),
    ...(route ? { route } : {}),
    // status=+H (or H): hot standby; "-H" would clear it.
    hotStandby: /(^|\+)H/i.test((params.get('status') ?? '').replace(/-H/gi, '')),
    file,
    line,
    text,
  };
}

// The paths ProxyPass sends to balancer://name, e.g. ["/ajax", "/servlet"].
export function pathsTo(proxies: ApacheProxies, balancer: string): string[] {
  return proxies.proxyPasses
    .filter((p) => p.target.toLowerCase().startsWith(`balancer://${balancer.toLowerCase()}`))
    .map((p) => p.path);
}
