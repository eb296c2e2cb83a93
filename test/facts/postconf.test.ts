import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { LocalTransport } from '../../src/transport/local.js';
import { parseMainCf } from '../../src/postfix/main-cf.js';
import { EFFECTIVE_PARAMS, postconf } from '../../src/facts/postconf.js';
import { masterCf } from '../../src/facts/master-cf.js';
import { sweep } from './fact-context.js';
import { fixtureTree, rhelServerB, type FixtureTree } from './fixture-hosts.js';
import { RootedTransport } from './rooted-transport.js';

const trees: FixtureTree[] = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.remove();
});

const hasPostfix = existsSync('/usr/sbin/postconf') && existsSync('/etc/postfix/main.cf');

describe('postconf fact', () => {
  it.skipIf(!hasPostfix)('runs the real postconf -n once per sweep and shares the result', async () => {
    const ctx = sweep(new LocalTransport('here'));
    const first = ctx();
    const facts = await postconf(first);
    expect(facts.source).toBe('postconf');
    expect(facts.configDirectory).toBe('/etc/postfix');
    expect(facts.mailVersion).toMatch(/^\d+\.\d+/);
    // main.cf's value where it sets one, else postfix's own default (Debian's packaged main.cf sets none).
    const own = parseMainCf(readFileSync('/etc/postfix/main.cf', 'utf8')).params.get('myhostname');
    expect(facts.get('myhostname')).toBe(
      own ?? execFileSync('/usr/sbin/postconf', ['-h', 'myhostname'], { encoding: 'utf8' }).trim(),
    );
    // The two commands run in parallel, so their evidence may come in either order.
    expect(first.evidence.map((e) => e.label).sort()).toEqual(
      ['$ postconf -n', `$ postconf ${EFFECTIVE_PARAMS.join(' ')}`].sort(),
    );

    const second = ctx();
    expect(await postconf(second)).toBe(facts);
    expect(second.evidence.map((e) => e.label)).toEqual(['fact postconf (computed earlier in this sweep)']);
  });

  it.skipIf(!hasPostfix)('expands $references with the parameters postconf -n printed', async () => {
    const facts = await postconf(sweep(new LocalTransport('here'))());
    const host = facts.get('myhostname');
    expect(facts.expand('$myhostname ESMTP')).toBe(`${host} ESMTP`);
  });

  it.skipIf(!hasPostfix)('knows effective values of parameters left at their defaults', async () => {
    const facts = await postconf(sweep(new LocalTransport('here'))());
    expect(facts.params.has('queue_directory')).toBe(false);
    expect(facts.get('queue_directory')).toBe('/var/spool/postfix');
    expect(facts.expand('$mail_name')).toBe('Postfix');
  });

  it('falls back to reading main.cf when no postconf binary can be found', async () => {
    const tree = rhelServerB();
    trees.push(tree);
    const ctx = sweep(new RootedTransport(tree.root))();
    const facts = await postconf(ctx);
    expect(facts.source).toBe('main.cf');
    expect(facts.get('relayhost')).toBe('[172.18.254.25]');
    expect(ctx.evidence.some((e) => e.label === '$ /usr/sbin/postconf -n')).toBe(true);
  });

  it('says postfix is not there when neither postconf nor main.cf exists', async () => {
    const tree = fixtureTree();
    trees.push(tree);
    const facts = await postconf(sweep(new RootedTransport(tree.root))());
    expect(facts).toMatchObject({ available: false, source: 'none' });
  });

  it('finds postconf in /usr/sbin when PATH lacks it, and reads master.cf from its config_directory', async () => {
    const tree = fixtureTree({
      '/etc/postfix-custom/master.cf': 'submission inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n',
    });
    trees.push(tree);
    tree.write(
      '/usr/sbin/postconf',
      `#!/bin/sh
if [ "$1" = "-n" ]; then echo "myhostname = fixture.example.com"; exit 0; fi
echo "config_directory = /etc/postfix-custom"
echo "postconf: warning: mail_version: unknown parameter" >&2
echo "mydomain = example.com"

`,
      0o755,
    );
    const ctx = sweep(new RootedTransport(tree.root))();
    const facts = await postconf(ctx);
    expect(facts).toMatchObject({ source: 'postconf', configDirectory: '/etc/postfix-custom' });
    expect(facts.mailVersion).toBeUndefined();
    expect(facts.expand('$myhostname in $mydomain')).toBe('fixture.example.com in example.com');
    const master = await masterCf(ctx);
    expect(master.path).toBe('/etc/postfix-custom/master.cf');
    expect(master.services[0]?.overrides.get('syslog_name')).toBe('postfix/submission');
  });
});
