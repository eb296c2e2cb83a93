import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { discoverHost } from '../../src/config/discover-host.js';
import { localFiles } from '../../src/config/file-reader.js';
import { cyrusConf } from '../../src/facts/cyrus-conf.js';
import { installed } from '../../src/facts/installed.js';
import { postconf } from '../../src/facts/postconf.js';
import type { SshTransport } from '../../src/transport/index.js';
import { startSshd, sshdAvailable, type TestSshd } from '../helpers/sshd.js';
import { sshTransport } from '../transport/ssh/fixtures.js';
import { sweep } from './fact-context.js';

// The same facts read over a real sshd (this machine as the remote host) as read locally.
describe.skipIf(!sshdAvailable() || !existsSync('/etc/postfix/main.cf'))('facts over SSH', () => {
  let sshd: TestSshd;
  let ssh: SshTransport;

  beforeAll(async () => {
    sshd = await startSshd();
    ssh = sshTransport(sshd);
  });
  afterAll(async () => {
    await ssh?.close();
    await sshd?.stop();
  });

  it('runs postconf on the remote host, finding it in an sbin directory if PATH lacks it', async () => {
    const facts = await postconf(sweep(ssh)());
    expect(facts.source).toBe('postconf');
    expect(facts.configDirectory).toBe('/etc/postfix');
    expect(facts.get('queue_directory')).toBe('/var/spool/postfix');
  });

  it('sees directories as present although they cannot be read as files', async () => {
    const ctx = sweep(ssh)();
    const [overSsh, local] = await Promise.all([installed(ctx), discoverHost(localFiles)]);
    expect(overSsh.found).toEqual(local.installed.found);
  });

  it('reads cyrus.conf with the same listeners as locally', async () => {
    const facts = await cyrusConf(sweep(ssh)());
    const localFacts = await cyrusConf(sweep(new (await import('../../src/transport/local.js')).LocalTransport())());
    expect(facts?.services.map((s) => s.listen)).toEqual(localFacts?.services.map((s) => s.listen));
  });

  it('discovers the same roles over SSH as on the local disk', async () => {
    expect((await discoverHost(ssh)).roles).toEqual((await discoverHost(localFiles)).roles);
  });
});
