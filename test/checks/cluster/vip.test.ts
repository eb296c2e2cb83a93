// cluster/vip run on this machine as a one-node cluster: the real `uname -n`, host keys and `ip -o addr` of the
// node view, and a real SSH key exchange attempt at VIP:22. Nothing of this machine listens on port 22 of
// 127.0.0.1 or 127.77.0.1 (the lab's sshd listen on 127.0.10.x), so the VIP's sshd does not answer and the
// node's interfaces decide. The decision's other cases are in vip-decision.test.ts, the lab's in vip.lab.test.ts.
import { describe, expect, it } from 'vitest';
import { vipCheck } from '../../../checks/cluster/vip.js';
import type { HostSpec } from '../../../src/core/host.js';
import { makeContext } from '../../helpers/context.js';

const HERE: HostSpec = { name: 'here', roles: ['groupware'], transport: { kind: 'local' }, cluster: 'mail' };

const runWithVip = (vip: string) =>
  vipCheck.run(makeContext({ host: HERE, site: { hosts: [HERE], clusters: { mail: { vip } } } }));

describe('cluster/vip on this machine', () => {
  it('says a host without cluster: is no cluster node', async () => {
    const outcome = await vipCheck.run(makeContext({ host: { name: 'plain' } }));
    expect(outcome).toMatchObject({
      status: 'ok',
      summary: 'plain is no cluster node (no cluster: in its config): no VIP to follow',
    });
  });

  it("names the node whose interfaces carry the VIP when the VIP's sshd does not answer", async () => {
    const outcome = await runWithVip('127.0.0.1');
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(
      /^here( \(.+\))? holds the VIP 127\.0\.0\.1 of cluster mail \(its interfaces carry 127\.0\.0\.1\); it has no other node$/,
    );
    expect(outcome.steps?.map((s) => s.name)).toContain('127.0.0.1:22');
  });

  it('catches: the VIP answers nobody: its sshd does not answer and no node carries it on its interfaces', async () => {
    const outcome = await runWithVip('127.77.0.1');
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/^the VIP 127\.77\.0\.1 of cluster mail answers nobody: SSH at 127\.77\.0\.1:22 /);
    expect(outcome.hint).toBeTruthy();
  });
});
