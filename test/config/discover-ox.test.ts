import { afterEach, describe, expect, it } from 'vitest';
import { discoverOx } from '../../src/config/discover-ox.js';
import { redactor } from '../../src/core/redact.js';
import { fixtureTree, type FixtureTree } from '../facts/fixture-hosts.js';
import { RootedTransport } from '../facts/rooted-transport.js';

const trees: FixtureTree[] = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.remove();
});
function reader(files: Record<string, string>): RootedTransport {
  const tree = fixtureTree(files);
  trees.push(tree);
  return new RootedTransport(tree.root);
}

describe('discoverOx', () => {
  it("finds the seed's cron line in /etc/cron.d/ox, its -P as a secret the redactor knows", async () => {
    const found = await discoverOx(
      reader({
        '/etc/cron.d/ox':
          '0 * * * * root /opt/oxldapsync/sbin/oxldapsync.pl -f c.conf -A oxadmin -P Seed-Pw-4411 -c 1\n',
      }),
    );
    expect(found?.ox.context).toBe(1);
    expect(found?.ox.admin).toBe('oxadmin');
    expect(found?.ox.adminPassword?.reveal()).toBe('Seed-Pw-4411');
    expect(found?.reason).not.toContain('Seed-Pw-4411');
    expect(redactor.redact('pw Seed-Pw-4411')).toBe('pw ********');
  });

  it('follows a cron line to the job script it runs when the line itself names no admin', async () => {
    const found = await discoverOx(
      reader({
        '/etc/cron.d/ox': '30 2 * * * root /opt/open-xchange/sbin/oxsync > /dev/null 2>&1\n',
        '/opt/open-xchange/sbin/oxsync':
          '#!/bin/bash\n/opt/oxldapsync/sbin/oxldapsync.pl -f "$conf" -A ctxadmin -c 3\n',
      }),
    );
    expect(found).toMatchObject({ ox: { context: 3, admin: 'ctxadmin' } });
    expect(found?.ox.adminPassword).toBeUndefined();
    expect(found?.reason).toContain('/opt/open-xchange/sbin/oxsync');
  });

  it('finds nothing on a host whose jobs name no OX admin', async () => {
    expect(
      await discoverOx(reader({ '/etc/crontab': '17 * * * * root cd / && run-parts --report /etc/cron.hourly\n' })),
    ).toBeNull();
  });
});
