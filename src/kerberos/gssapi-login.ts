// SASL GSSAPI (Kerberos) for the test user inside oxdoctor's process: a ticket from a local kinit (password on
// stdin) into a private ccache, with the checked host's own krb5.conf, then the kerberos addon's GSS client.
// libkrb5 reads KRB5_CONFIG and KRB5CCNAME from the process environment, so exchanges run one at a time.
import { execFile } from 'node:child_process';
import { withChildPriority } from '../transport/child-priority.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Secret } from '../core/redact.js';
import type { SaslMechanism } from '../protocols/imap-session.js';
import { kerberosAddon } from './addon.js';

export type GssapiSetup =
  { readonly ok: true } | { readonly ok: false; readonly stage: 'addon' | 'ticket'; readonly message: string };

let queue: Promise<unknown> = Promise.resolve();

// Runs `use` with a GSSAPI mechanism for service "imap@host.example.com"; the ccache is removed afterwards.
export function withGssapi<T>(
  krb5Conf: string,
  principal: string,
  password: Secret,
  service: string,
  use: (mechanism: SaslMechanism) => Promise<T>,
  childNice?: number, // the nice value kinit starts at (transport/child-priority.ts); default: the caller's
): Promise<{ setup: GssapiSetup; value?: T }> {
  const run = queue.then(() => exchange(krb5Conf, principal, password, service, use, childNice));
  queue = run.catch(() => undefined);
  return run;
}

async function exchange<T>(
  krb5Conf: string,
  principal: string,
  password: Secret,
  service: string,
  use: (m: SaslMechanism) => Promise<T>,
  childNice: number | undefined,
) {
  const addon = await kerberosAddon();
  if (!addon)
    return {
      setup: {
        ok: false,
        stage: 'addon',
        message: 'the optional kerberos addon is not built on this machine (needs libkrb5-dev at npm install)',
      } as const,
    };
  const dir = await mkdtemp(join(tmpdir(), 'oxdoctor-gss-'));
  const env = { KRB5_CONFIG: join(dir, 'krb5.conf'), KRB5CCNAME: `FILE:${join(dir, 'ccache')}` };
  const saved = { KRB5_CONFIG: process.env.KRB5_CONFIG, KRB5CCNAME: process.env.KRB5CCNAME };
  try {
    await writeFile(env.KRB5_CONFIG, krb5Conf, { mode: 0o600 });
    const kinit = await localKinit(principal, password, env, childNice);
    if (kinit !== null) return { setup: { ok: false, stage: 'ticket', message: kinit } as const };
    Object.assign(process.env, env);
    const client = await addon.initializeClient(service, { mechOID: addon.GSS_MECH_OID_KRB5 });
    const mechanism: SaslMechanism = {
      name: 'GSSAPI',
      initial: async () => (await client.step('')) ?? '',
      // RFC 4752: context tokens until the context is complete (the last one may be empty), then the
      // security layer: none, as the user.
      respond: async (challenge) =>
        (client.contextComplete
          ? await client.wrap(await client.unwrap(challenge), { user: principal.split('@')[0] })
          : await client.step(challenge)) ?? '',
    };
    return { setup: { ok: true } as const, value: await use(mechanism) };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

// null on success, else kinit's own words.
function localKinit(
  principal: string,
  password: Secret,
  env: Record<string, string>,
  childNice: number | undefined,
): Promise<string | null> {
  return new Promise((resolve) => {
    const [command, ...args] = withChildPriority(['kinit', '--', principal], childNice);
    const child = execFile(
      command!,
      args,
      { env: { ...process.env, ...env, LC_ALL: 'C' }, timeout: 15_000 },
      (err, stdout, stderr) => {
        if (!err) return resolve(null);
        const code = (err as NodeJS.ErrnoException).code as unknown;
        // 127: not found by `nice`, which starts it while the dashboard runs at a raised priority
        resolve(
          code === 'ENOENT' || code === 127
            ? 'kinit is not installed on the machine oxdoctor runs on (krb5-user / krb5-workstation)'
            : `${stderr || stdout}`.trim().split('\n').pop() || err.message,
        );
      },
    );
    child.stdin?.on('error', () => {});
    child.stdin?.end(`${password.reveal()}\n`);
  });
}
