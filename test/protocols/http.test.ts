import { describe, expect, it } from 'vitest';
import { probeHttp } from '../../src/protocols/http.js';
import { scriptedServer, tcpOpener } from '../helpers/tcp.js';

describe('probeHttp', () => {
  it('refuses a path or Host header carrying CR/LF (header injection)', () => {
    const open = tcpOpener(1);
    expect(() => probeHttp(open, { hostHeader: 'www.example.com', path: '/ajax\r\nX-Evil: 1' })).toThrow(TypeError);
    expect(() => probeHttp(open, { hostHeader: 'a\r\nb' })).toThrow(TypeError);
  });

  it('keeps cookie values (session tokens) out of the transcript but shows their names', async () => {
    const server = await scriptedServer((s) =>
      s.once('data', () =>
        s.end(
          'HTTP/1.1 302 Found\r\nLocation: /appsuite/\r\nSet-Cookie: JSESSIONID=8f1c2d3e4f.OX-1; Path=/\r\nContent-Length: 0\r\n\r\n',
        ),
      ),
    );
    try {
      const r = await probeHttp(tcpOpener(server.port), { hostHeader: 'www.example.com', timeoutMs: 3000 });
      if (!r.ok) throw new Error(r.message);
      expect(r.value.status).toBe(302);
      expect(r.value.headers.location).toBe('/appsuite/');
      expect(r.transcript).toContain('S: set-cookie: JSESSIONID=...');
      expect(r.transcript.join('\n')).not.toContain('8f1c2d3e4f');
    } finally {
      await server.close();
    }
  });
});
