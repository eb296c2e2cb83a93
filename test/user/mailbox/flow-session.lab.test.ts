// withImapFlow against the lab's cyrus (STARTTLS, self-signed certificate): with tls.requireTrusted the password
// goes out only to a certificate the config pins, and the session's lines never show it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/redact.js';
import { withImapFlow } from '../../../src/user/mailbox/flow-session.js';
import { makeContext } from '../../helpers/context.js';
import { labPaths } from '../../lab/lab.js';

const SERVERA = { host: '127.0.10.2', port: 143, tlsName: '127.0.10.2' };

async function admin() {
  const { secrets } = await labPaths();
  return new Secret(readFileSync(`${secrets}/cyrus-admin.pw`, 'utf8').trim(), 'lab:cyrus-admin.pw');
}

const session = async (tls: { requireTrusted: boolean; fingerprints: string[] }) => {
  const password = await admin();
  const ctx = makeContext({ site: { tls } });
  const result = await withImapFlow(ctx, SERVERA, { login: 'cyrus', password, authzid: 'test1001' }, (c) =>
    c.status('INBOX', { messages: true }),
  );
  expect(result.transcript.join('\n')).not.toContain(password.reveal());
  return result;
};

describe('withImapFlow', () => {
  it('sends no password to an untrusted certificate under tls.requireTrusted, and does to a pinned one', async () => {
    const refused = await session({ requireTrusted: true, fingerprints: [] });
    expect(refused).toMatchObject({ ok: false, failure: 'untrusted' });
    expect(!refused.ok && refused.message).toMatch(/certificate is not trusted .* the password was not sent/);
    expect(refused.transcript.join('\n')).not.toMatch(/AUTHENTICATE/);
    const fingerprint = /SHA-256 ([0-9A-F:]+)/.exec(refused.transcript.join('\n'))?.[1];
    expect(fingerprint).toBeDefined();
    const pinned = await session({ requireTrusted: true, fingerprints: [fingerprint!] });
    expect(pinned.ok, pinned.transcript.join('\n')).toBe(true);
    expect(pinned.ok && pinned.value).toMatchObject({ path: 'INBOX' });
    expect(pinned.transcript.join('\n')).toMatch(/C: \d+ AUTHENTICATE PLAIN \*{8}/);
  });
});
