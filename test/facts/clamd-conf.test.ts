import { describe, expect, it } from 'vitest';
import { parseClamdConf } from '../../src/facts/clamd-conf.js';

describe('parseClamdConf', () => {
  it('reads the seed-style amavisd instance and the Debian default', () => {
    expect(parseClamdConf('LocalSocket /var/spool/amavisd/clamd.sock\n#TCPSocket 3310\nFixStaleSocket yes\n')).toEqual({
      socket: '/var/spool/amavisd/clamd.sock',
    });
    expect(parseClamdConf('TCPSocket 3310\nTCPAddr 0.0.0.0\nLocalSocket /var/run/clamav/clamd.ctl\n')).toEqual({
      tcp: { host: '127.0.0.1', port: 3310 },
      socket: '/var/run/clamav/clamd.ctl',
    });
  });
});
