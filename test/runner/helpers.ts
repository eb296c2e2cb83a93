// Test-only pieces for the runner: a site, hosts, tiny checks, and a transport whose connection
// is a real TCP dialogue (it waits for an SSH banner), so a silent server is a dead host.
import net from 'node:net';
import type { Check, CheckContext } from '../../src/core/check.js';
import type { HostSpec, Role } from '../../src/core/host.js';
import type { Outcome } from '../../src/core/result.js';
import { TransportError } from '../../src/core/errors.js';
import type { SiteConfig } from '../../src/config/types.js';
import { LocalTransport } from '../../src/transport/local.js';

export function site(defaults: Partial<SiteConfig['defaults']> = {}, hosts: HostSpec[] = []): SiteConfig {
  return {
    source: 'test',
    site: 'Test site',
    defaults: { timeoutMs: 5000, concurrency: 16, perHostConcurrency: 6, refreshSeconds: 60, ...defaults },
    hosts,
    endpoints: {},
    thresholds: {},
  };
}

export function host(name: string, roles: Role[] = ['relay']): HostSpec {
  return { name, roles, transport: { kind: 'local' } };
}

export function check(id: string, run: (ctx: CheckContext) => Promise<Outcome>, extra: Partial<Check> = {}): Check {
  return { id, title: `test check ${id}`, roles: 'all', proves: 'nothing, it is a test', run, ...extra };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Tracks how many runs are inside a section at once, overall and per host.
export class InFlight {
  now = 0;
  max = 0;
  private readonly perHost = new Map<string, { now: number; max: number }>();

  async during<T>(hostName: string, fn: () => Promise<T>): Promise<T> {
    const h = this.perHost.get(hostName) ?? { now: 0, max: 0 };
    this.perHost.set(hostName, h);
    this.now++;
    h.now++;
    this.max = Math.max(this.max, this.now);
    h.max = Math.max(h.max, h.now);
    try {
      return await fn();
    } finally {
      this.now--;
      h.now--;
    }
  }

  maxFor(hostName: string): number {
    return this.perHost.get(hostName)?.max ?? 0;
  }
}

// Runs commands locally, but "connecting" means reading an SSH banner from a real TCP port.
export class BannerTransport extends LocalTransport {
  constructor(
    name: string,
    private readonly port: number,
  ) {
    super(name);
  }

  override ensureConnected(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: this.port });
      const fail = (kind: 'connect-refused' | 'connect-timeout', message: string): void => {
        socket.destroy();
        reject(new TransportError(this.host, kind, message, `is sshd running on ${this.host}?`));
      };
      socket.once('data', (chunk) => {
        socket.destroy();
        if (chunk.toString().startsWith('SSH-')) resolve();
        else fail('connect-refused', 'no SSH banner');
      });
      socket.once('error', (err) => fail('connect-refused', err.message));
      signal?.addEventListener('abort', () => fail('connect-timeout', 'connect aborted'), { once: true });
    });
  }
}

// A TCP server that accepts and never says anything: a hung sshd.
export async function silentServer(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    count++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

// A TCP server that greets like sshd.
export async function bannerServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((s) => {
    s.on('error', () => undefined);
    s.end('SSH-2.0-OpenSSH_9.2 test\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
