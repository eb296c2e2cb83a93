// Socket errors of tunnels and forwarded connections: one line, and a hint that names the host the connection
// was tried from and the address and port it went to.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../src/core/errors.js';
import { connectTimeout, socketError } from '../../src/transport/net-errors.js';
import { LocalTransport } from '../../src/transport/local.js';

const errno = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code });

describe('socket errors', () => {
  it('give a refused connection a hint naming where it was tried from and the address and port', () => {
    const err = socketError('relay', '10.0.0.5:389', errno('ECONNREFUSED'));
    expect(err).toMatchObject({ kind: 'connect-refused', message: '10.0.0.5:389 from relay: connection refused' });
    expect(err.hint).toBe(
      'nothing accepts connections on 10.0.0.5:389 as seen from relay: check that the service runs there ' +
        'and listens on port 389, and that no firewall on the way rejects it',
    );
  });

  it('give a refusal reported by the SSH server (forwardOut) the same hint', () => {
    const err = socketError('relay', 'dc1:636', new Error('(SSH) Channel open failure: Connection refused'));
    expect(err.kind).toBe('connect-refused');
    expect(err.hint).toMatch(/^nothing accepts connections on dc1:636 as seen from relay: /);
  });

  it('give no answer a hint naming the firewall port between the two', () => {
    const expected =
      '10.0.0.5:389 does not answer relay: check that the host is up and that no firewall between relay ' +
      'and 10.0.0.5 drops port 389';
    expect(socketError('relay', '10.0.0.5:389', errno('ETIMEDOUT')).hint).toBe(expected);
    expect(socketError('relay', '10.0.0.5:389', errno('EHOSTUNREACH')).hint).toBe(expected);
    expect(connectTimeout('relay', '10.0.0.5:389', 5000).hint).toBe(expected);
  });

  it('give a name that does not resolve a hint naming the name and the host that looked it up', () => {
    const err = socketError('relay', 'dc1.example.com:389', errno('ENOTFOUND'));
    expect(err.kind).toBe('dns');
    expect(err.hint).toBe(
      'dc1.example.com does not resolve on relay: check the name, and DNS (/etc/hosts, resolv.conf) on relay',
    );
  });

  it('name an IPv6 address without its brackets where it stands alone', () => {
    expect(socketError('relay', '[fd00::5]:389', errno('ETIMEDOUT')).hint).toContain('between relay and fd00::5 drops');
  });

  it('keep a TransportError as it is, and give a closed connection no hint of their own', () => {
    const given = new TransportError('relay', 'auth', 'refused', 'its own hint');
    expect(socketError('relay', 'x:1', given)).toBe(given);
    expect(socketError('relay', 'x:1', errno('ECONNRESET')).hint).toBeUndefined();
  });

  it('reach the caller of a local connect to a closed port', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const err = await new LocalTransport('here').connect('127.0.0.1', port).then(
      () => new Error('connected'),
      (e: unknown) => e as TransportError,
    );
    expect(err).toMatchObject({ kind: 'connect-refused' });
    expect((err as TransportError).hint).toContain(`127.0.0.1:${port} as seen from here`);
  });
});
