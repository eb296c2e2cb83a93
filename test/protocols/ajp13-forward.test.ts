import { describe, expect, it } from 'vitest';
import { forwardRequestPacket, routeOf } from '../../src/protocols/ajp13-forward.js';

describe('AJP13 forward request', () => {
  it('builds a GET packet as mod_proxy_ajp sends it: magic, length, method, strings with NUL, Host header, no attributes', () => {
    const p = forwardRequestPacket({ path: '/ajax/', hostHeader: 'node8888' });
    expect(p.subarray(0, 2)).toEqual(Buffer.from([0x12, 0x34]));
    expect(p.readUInt16BE(2)).toBe(p.length - 4);
    expect(p.subarray(4, 6)).toEqual(Buffer.from([2, 2])); // FORWARD_REQUEST, GET
    expect(p.subarray(6, 8).readUInt16BE(0)).toBe('HTTP/1.1'.length);
    expect(p.includes(Buffer.from('/ajax/\0'))).toBe(true);
    expect(p.includes(Buffer.from([0xa0, 0x0b, 0x00, 0x08]))).toBe(true); // Host header code, then "node8888"
    expect(p[p.length - 1]).toBe(0xff);
  });

  it('refuses a path or host that would smuggle another header', () => {
    expect(() => forwardRequestPacket({ path: '/ajax/\r\nX: y', hostHeader: 'h' })).toThrow(TypeError);
  });

  it('reads the node route from the JSESSIONID cookie suffix only', () => {
    expect(routeOf([['Set-Cookie', 'JSESSIONID=9A70.OX-1; Path=/ajax; HttpOnly']])).toBe('OX-1');
    expect(
      routeOf([
        ['Set-Cookie', 'other=1.2'],
        ['set-cookie', 'jsessionid=AB.node9999'],
      ]),
    ).toBe('node9999');
    expect(routeOf([['Set-Cookie', 'JSESSIONID=9A70; Path=/']])).toBeUndefined();
    expect(routeOf([])).toBeUndefined();
  });
});
