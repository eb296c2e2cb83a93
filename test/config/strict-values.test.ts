// Values that end up in a protocol line, a perfdata line or a file name are taken only when they cannot break it.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigText } from '../../src/config/index.js';

const HOSTS = 'hosts:\n  here: { local: true, roles: [relay] }\n';
const options = { env: {}, home: '/nonexistent', isTTY: false };

async function problems(text: string): Promise<readonly string[]> {
  const err = await loadConfigText(text, 'x.yaml', options).catch((e: unknown) => e);
  if (err instanceof ConfigError) return err.problems;
  throw err instanceof Error ? err : new Error('loaded');
}

describe('strict config values', () => {
  it('keeps threshold ranges trimmed, so perfdata gets no stray spaces', async () => {
    const text = `${HOSTS}thresholds:\n  queue.hold: { warn: " 5 ", crit: "10\\n" }\n`;
    const loaded = await loadConfigText(text, 'x.yaml', options);
    expect(loaded.site.thresholds['queue.hold']).toEqual({ warn: '5', crit: '10' });
  });

  it('refuses a range with a line break inside', async () => {
    expect(await problems(`${HOSTS}thresholds:\n  queue.hold: { warn: "1\\n0" }\n`)).toEqual([
      'x.yaml:4:23: thresholds["queue.hold"].warn: expected a range without control characters, got "1\\n0"',
    ]);
  });

  it('refuses a KDC port above 65535', async () => {
    expect(await problems(`${HOSTS}endpoints:\n  kerberos: { realm: AD.EXAMPLE.COM, kdc: ["dc1:88888"] }\n`)).toEqual([
      'x.yaml:4:44: endpoints.kerberos.kdc[0]: expected a port up to 65535 after ":", got "dc1:88888"',
    ]);
  });

  it('refuses a secret file name with a line break, without echoing it', async () => {
    const text = `${HOSTS}ox: { context: 1, admin: oxadmin, adminPassword: { file: "/etc/pw\\nx" } }\n`;
    expect(await problems(text)).toEqual([
      'x.yaml:3:50: ox.adminPassword: expected {env: NAME}, {file: PATH} or prompt',
    ]);
  });

  it('refuses an OX context id above what OX stores', async () => {
    expect(await problems(`${HOSTS}ox: { context: 2147483648, admin: oxadmin }\n`)).toEqual([
      'x.yaml:3:16: ox.context: expected a number <= 2147483647, got 2147483648',
    ]);
  });

  it('refuses a control character in an SSH user, and in the IMAP admin login', async () => {
    const text =
      'hosts:\n  relay: { roles: [relay], ssh: { user: "root\\u0000" } }\n' +
      'imapAdmin: { login: "cyrus\\r", password: prompt }\n';
    expect(await problems(text)).toEqual([
      'x.yaml:2:41: hosts.relay.ssh.user: expected text without control characters (CR, LF, NUL, ...), got "root\\u0000"',
      'x.yaml:3:21: imapAdmin.login: expected text without control characters (CR, LF, NUL, ...), got "cyrus\\r"',
    ]);
  });
});
