// postfix/handoffs on the lab's real relay, server A and server B configs, without the lab: each host's facts are
// its rendered main.cf and master.cf, the relay's transport and BCC tables are real files read with this machine's
// postmap -s, and the receivers are peers of the relay's context (as the runner gives them).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffsCheck } from '../../../checks/postfix/handoffs/index.js';
import type { SiteConfig } from '../../../src/config/types.js';
import { TransportError } from '../../../src/core/errors.js';
import type { HostSpec } from '../../../src/core/host.js';
import type { Outcome } from '../../../src/core/result.js';
import { MASTER_CF_FACT } from '../../../src/facts/master-cf.js';
import { makeFacts, POSTCONF_FACT } from '../../../src/facts/postconf.js';
import { parseMainCf } from '../../../src/postfix/main-cf.js';
import { parseMasterCf } from '../../../src/postfix/master-cf.js';
import { makeContext, type PeerParts } from '../../../src/runner/context.js';
import { FactsMemo } from '../../../src/runner/facts-memo.js';
import { LocalTransport } from '../../../src/transport/local.js';
import type { Transport } from '../../../src/transport/types.js';
import { removeDir, tempDir } from '../../helpers/daemons/process.js';
import { LAB, labTemplate } from '../../postfix/lab-templates.js';

type Name = 'relay' | 'servera' | 'serverb';
const spec = (name: Name): HostSpec => ({
  name,
  roles: name === 'relay' ? ['relay'] : ['groupware'],
  transport: {
    kind: 'ssh',
    ssh: {
      hostname: LAB[name],
      port: 22,
      user: 'root',
      identityFiles: [],
      knownHostsFiles: [],
      connectTimeoutMs: 1000,
      keepaliveIntervalMs: 1000,
      maxChannels: 4,
    },
  },
});
const HOSTS = [spec('relay'), spec('servera'), spec('serverb')];
const SITE: SiteConfig = {
  source: 'test',
  site: 'test',
  defaults: { timeoutMs: 10_000, concurrency: 8, perHostConcurrency: 4, refreshSeconds: 30 },
  hosts: HOSTS,
  endpoints: {},
  thresholds: {},
};

let dir: string;
beforeAll(() => {
  dir = tempDir('handoffs');
  writeFileSync(join(dir, 'transport'), labTemplate('relay', 'transport'));
  writeFileSync(join(dir, 'duplicate_mail'), labTemplate('relay', 'duplicate_mail'));
  writeFileSync(join(dir, 'transport-a'), labTemplate('servera', 'transport'));
  writeFileSync(join(dir, 'archive_sentmail'), labTemplate('servera', 'archive_sentmail'));
  execFileSync('postmap', [`hash:${join(dir, 'transport')}`]);
  execFileSync('postmap', [`hash:${join(dir, 'transport-a')}`]);
});
afterAll(() => removeDir(dir));

function factsOf(main: string, master: string): FactsMemo {
  const facts = new FactsMemo();
  const params = parseMainCf(main).params;
  void facts.get(POSTCONF_FACT.name, async () => makeFacts('postconf', params, '/etc/postfix', '3.7.11', new Map()));
  void facts.get(MASTER_CF_FACT.name, async () => ({
    path: '/etc/postfix/master.cf',
    found: true,
    services: parseMasterCf(master),
  }));
  return facts;
}

// The relay's main.cf with its tables in the temporary directory.
const relayMain = (extra = ''): string =>
  labTemplate('relay', 'main.cf')
    .replace('hash:/etc/postfix/transport', `hash:${join(dir, 'transport')}`)
    .replace('pcre:/etc/postfix/duplicate_mail', `pcre:${join(dir, 'duplicate_mail')}`) + extra;

const mainOf = (n: Name, setup: Setup): string =>
  labTemplate(n, 'main.cf').replace(
    'hash:/etc/postfix/transport',
    setup.serveraTransport ?? `hash:${join(dir, 'transport-a')}`,
  );

interface Setup {
  readonly sender?: Name;
  readonly relayExtra?: string;
  readonly serveraMaster?: string;
  readonly unreachable?: Name;
  readonly serveraTransport?: string; // default: the temporary copy of server A's transport table
}

async function run(setup: Setup = {}): Promise<Outcome> {
  const sender = setup.sender ?? 'relay';
  const files = (n: Name): FactsMemo =>
    n === 'relay'
      ? factsOf(relayMain(setup.relayExtra), labTemplate('relay', 'master.cf'))
      : factsOf(
          mainOf(n, setup),
          (n === 'servera' && setup.serveraMaster ? setup.serveraMaster : labTemplate(n, 'master.cf')).replace(
            'pcre:/etc/postfix/archive_sentmail',
            `pcre:${join(dir, 'archive_sentmail')}`,
          ),
        );
  const transportOf = (n: Name): Transport => {
    const local = new LocalTransport(n);
    if (setup.unreachable !== n) return local;
    const down = new TransportError(n, 'connect-refused', `connection to ${n} refused`);
    const fail = (): Promise<never> => Promise.reject(down);
    // What a transport whose host refuses the connection does: every use rejects with its TransportError.
    return {
      host: n,
      kind: 'ssh',
      ensureConnected: fail,
      exec: fail,
      execStream: fail,
      readFile: fail,
      connect: fail,
      tunnel: fail,
      info: () => local.info(),
      close: async () => undefined,
    };
  };
  const peers = (name: string): PeerParts | undefined => {
    const host = HOSTS.find((h) => h.name === name);
    if (!host) return undefined;
    const n = host.name as Name;
    return { host, transport: transportOf(n), facts: setup.unreachable === n ? new FactsMemo() : files(n) };
  };
  const ctx = makeContext({
    host: spec(sender),
    transport: new LocalTransport(sender),
    site: SITE,
    facts: files(sender),
    signal: AbortSignal.timeout(10_000),
    deadline: Date.now() + 10_000,
    now: Date.now,
    peers,
  });
  return handoffsCheck.run(ctx);
}

const serveraWith = (...lines: string[]): string =>
  labTemplate('servera', 'master.cf').replace(/^(:10025 .*)$/m, ['$1', ...lines.map((l) => `  ${l}`)].join('\n'));

describe('postfix/handoffs', () => {
  it("is OK on the relay: server A's :10025, server B's :10025 for the BCC copies, its own 127.0.0.1:10025", async () => {
    const outcome = await run();
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe('3 hand-offs accepted: 127.0.10.2:10025, 127.0.10.4:10025, 127.0.0.1:10025');
    expect(outcome.steps?.[1]?.summary).toBe(
      `transport_maps hash:${dir}/transport: serverb.example.com -> smtpcopy:[127.0.10.4]:10025 (used by recipient_bcc_maps pcre:${dir}/duplicate_mail): accepted by serverb's :10025 (master.cf line 8) at 127.0.10.4:10025, 127.0.10.1 is in mynetworks 127.0.0.0/8 192.168.109.0/24 172.18.0.0/16 (from 127.0.10.1 (relay's configured address))`,
    );
  });

  it('is OK on server A, whose Exchange relayhost is not a configured host and is not judged', async () => {
    const outcome = await run({ sender: 'servera' });
    expect(outcome).toMatchObject({
      status: 'ok',
      summary: '1 hand-off accepted: 127.0.10.4:10026; not a configured host, not judged: 127.0.10.20:25',
    });
  });

  it('is WARN when a transport table cannot be listed, naming it and why', async () => {
    const outcome = await run({ sender: 'servera', serveraTransport: `hash:${dir}/missing` });
    expect(outcome.status).toBe('warn');
    // catches: a transport table that cannot be listed: hand-offs through it are named as not judged
    expect(outcome.summary).toMatch(
      new RegExp(
        `^the entries of hash:${dir}/missing: postmap -s failed \\(.+\\): hand-offs through them are not judged$`,
      ),
    );
  });

  it("is CRIT when server A's :10025 -o mynetworks drops the relay and its client restrictions reject", async () => {
    const outcome = await run({
      serveraMaster: serveraWith('-o smtpd_client_restrictions=permit_mynetworks,reject', '-o mynetworks=127.0.0.1/32'),
    });
    expect(outcome.status).toBe('crit');
    // catches: the receiver's mynetworks and client restrictions reject this host: its mail stays deferred
    expect(outcome.summary).toBe(
      "relayhost in main.cf -> smtp:[127.0.10.2]:10025 is refused by servera's :10025 (master.cf line 8) at 127.0.10.2:10025: smtpd_client_restrictions = permit_mynetworks,reject (-o on master.cf line 8) ends in reject for 127.0.10.1, which is not in mynetworks 127.0.0.1/32 (-o on master.cf line 8) (from 127.0.10.1 (relay's configured address)), so every mail relay sends via its relayhost stays deferred in relay's queue",
    );
    expect(outcome.hint).toBe(
      'on servera, let 127.0.10.1 into :10025 (master.cf line 8): add 127.0.10.1/32 to its -o mynetworks= (master.cf line 8), or permit it in its -o smtpd_client_restrictions=, then postfix reload on servera',
    );
  });

  it("is CRIT when server A's :10025 line is gone", async () => {
    const outcome = await run({ serveraMaster: labTemplate('servera', 'master.cf').replace(/^:10025 .*\n/m, '') });
    expect(outcome.status).toBe('crit');
    // catches: no smtpd listener on the receiver for the hand-off's address and port
    expect(outcome.summary).toContain('is refused: master.cf has no listener on port 10025 on servera');
    expect(outcome.hint).toMatch(/^on servera, restore an smtpd listener for 127\.0\.10\.2:10025 in master\.cf/);
  });

  it('judges smtp_bind_address as the client: WARN when it only reaches reject_unauth_destination', async () => {
    const outcome = await run({ relayExtra: 'smtp_bind_address = 10.9.9.9\n' });
    expect(outcome.status).toBe('warn');
    // catches: sending from an address the receiver relays nothing for (accepted only for its own domains)
    expect(outcome.steps?.[0]?.summary).toContain(
      'reaches reject_unauth_destination for 10.9.9.9, which is not in mynetworks 127.0.0.0/8 192.168.109.0/24 172.18.0.0/16 (main.cf)',
    );
    expect(outcome.steps?.[0]?.summary).toContain('(from 10.9.9.9 (smtp_bind_address))');
    expect(outcome.steps?.[2]?.status).toBe('ok'); // loopback hand-offs keep 127.0.0.1
  });

  it("is UNKNOWN for a hand-off whose receiver cannot be read, naming the receiver's error", async () => {
    const outcome = await run({ unreachable: 'serverb' });
    expect(outcome.status).toBe('unknown');
    // catches: the receiver's configuration cannot be read (UNKNOWN, naming its error)
    expect(outcome.summary).toContain("serverb's configuration could not be read (connection to serverb refused)");
    expect(outcome.steps?.filter((s) => s.status === 'ok')).toHaveLength(2);
  });
});
