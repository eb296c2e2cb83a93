// Config host entries as HostSpecs: what the oxdoctor config says about SSH wins over ~/.ssh/config.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/index.js';
import type { SshTarget } from '../../src/core/host.js';

const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sshConfig = join(dir, 'ssh_config');
writeFileSync(sshConfig, 'Host relay\n  IdentitiesOnly yes\n');

async function sshTargets(hosts: string): Promise<Record<string, SshTarget>> {
  const options = { env: {}, home: dir, sshConfigFiles: [sshConfig] };
  const { site } = await loadConfigText(`hosts:\n${hosts}`, 'h.yaml', options);
  const out: Record<string, SshTarget> = {};
  for (const h of site.hosts) if (h.transport.kind === 'ssh') out[h.name] = h.transport.ssh;
  return out;
}

describe('identitiesOnly of a host', () => {
  it('is taken from the ssh settings of the config', async () => {
    const targets = await sshTargets('  mail: { roles: [relay], ssh: { identitiesOnly: true } }\n');
    expect(targets.mail?.identitiesOnly).toBe(true);
  });

  it('wins over IdentitiesOnly in ~/.ssh/config, which applies when the config says nothing', async () => {
    const targets = await sshTargets(
      '  relay: { roles: [relay], ssh: { identitiesOnly: false } }\n' +
        '  other: { address: relay, roles: [relay] }\n' +
        '  plain: { roles: [relay] }\n',
    );
    expect(targets.relay?.identitiesOnly).toBe(false);
    expect(targets.other?.identitiesOnly).toBe(true);
    expect(targets.plain?.identitiesOnly).toBeUndefined();
  });

  it('must be true or false', async () => {
    const text = 'hosts:\n  mail: { roles: [relay], ssh: { identitiesOnly: "yes" } }\n';
    const options = { env: {}, home: dir, sshConfigFiles: [sshConfig] };
    const err = await loadConfigText(text, 'h.yaml', options).catch((e: unknown) => e);
    const message = 'h.yaml:2:50: hosts.mail.ssh.identitiesOnly: expected true or false, got "yes"';
    expect((err as Error).message).toBe(message);
  });
});
