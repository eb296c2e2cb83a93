// Every probe meets the same three broken peers: nothing listening, a silent server, and garbage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAjp } from '../../src/protocols/ajp13.js';
import { probeClamd } from '../../src/protocols/clamd.js';
import { probeHttp } from '../../src/protocols/http.js';
import { probeImap } from '../../src/protocols/imap.js';
import { probeLdap } from '../../src/protocols/ldap.js';
import { probeMysql } from '../../src/protocols/mysql.js';
import { probeSieve } from '../../src/protocols/sieve.js';
import { probeSmtp } from '../../src/protocols/smtp.js';
import type { Opener, ProbeOptions, ProbeResult } from '../../src/protocols/types.js';
import { closedPort, garbageServer, silentServer, tcpOpener, type ScriptedServer } from '../helpers/tcp.js';

type Probe = (port: number, options: ProbeOptions) => Promise<ProbeResult<unknown>>;
const via =
  (fn: (open: Opener, o: ProbeOptions) => Promise<ProbeResult<unknown>>): Probe =>
  (port, o) =>
    fn(tcpOpener(port), o);

const probes: [string, Probe][] = [
  ['smtp', via(probeSmtp)],
  ['lmtp', via((open, o) => probeSmtp(open, { ...o, lmtp: true }))],
  ['imap', via(probeImap)],
  ['sieve', via(probeSieve)],
  ['clamd', via(probeClamd)],
  ['ajp13', via(probeAjp)],
  ['mysql', via(probeMysql)],
  ['http', via((open, o) => probeHttp(open, { ...o, hostHeader: 'www.example.com' }))],
  ['ldap', (port, o) => probeLdap({ ...o, url: `ldap://127.0.0.1:${port}` })],
];

// Bytes that are no protocol's greeting: an nginx-style binary junk line without a newline-terminated 220/OK.
const GARBAGE = '\x16\x03\x01\x02\x00garbage from the wrong service\r\nSSH-2.0-OpenSSH_9.2\r\n';

describe.each(probes)('the %s probe', (name, probe) => {
  let silent: ScriptedServer;
  let garbage: ScriptedServer;
  beforeAll(async () => {
    silent = await silentServer();
    garbage = await garbageServer(GARBAGE);
  });
  afterAll(async () => {
    await silent.close();
    await garbage.close();
  });

  it('reports refused when nothing listens on the port', async () => {
    const result = await probe(await closedPort(), { timeoutMs: 3000 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure).toBe('refused');
  });

  it('reports timeout from a silent server, on time', async () => {
    const started = performance.now();
    const result = await probe(silent.port, { timeoutMs: 400 });
    const took = performance.now() - started;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure).toBe('timeout');
    expect(took).toBeGreaterThanOrEqual(380);
    expect(took).toBeLessThan(1500);
  });

  it('stops at the check deadline when the caller aborts first', async () => {
    const started = performance.now();
    const result = await probe(silent.port, { timeoutMs: 10_000, signal: AbortSignal.timeout(300) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('does not mistake garbage for the service', async () => {
    const result = await probe(garbage.port, { timeoutMs: 1000 });
    expect(result.ok).toBe(false);
    // ldapts drops bytes it cannot parse and waits for a real answer, so LDAP ends in a timeout.
    const expected = name === 'ldap' ? ['timeout'] : ['bad-greeting', 'protocol-error', 'closed'];
    if (!result.ok) expect(expected).toContain(result.failure);
  });
});
