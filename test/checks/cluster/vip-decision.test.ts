// cluster/vip's decision on data: host keys and interface addresses as the nodes and the VIP's sshd give them.
import { describe, expect, it } from 'vitest';
import { decideVipHolder, type NodeFacts, type VipAnswer } from '../../../src/cluster/decide.js';

const VIP = '192.168.109.113';
const KEY_A = 'SHA256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const KEY_A_RSA = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const KEY_B = 'SHA256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const KEY_X = 'SHA256:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';

const node8888 = (addresses?: string[]): NodeFacts => ({
  node: 'servera',
  nodeName: 'node8888',
  fingerprints: [KEY_A, KEY_A_RSA],
  ...(addresses ? { addresses } : {}),
});
const node9999 = (addresses?: string[]): NodeFacts => ({
  node: 'servera2',
  nodeName: 'node9999',
  fingerprints: [KEY_B],
  ...(addresses ? { addresses } : {}),
});
const answers = (fingerprint: string, keyType = 'ssh-rsa'): VipAnswer => ({
  ok: true,
  fingerprint,
  keyType,
  via: 'servera',
});
const REFUSED: VipAnswer = {
  ok: false,
  reason: `SSH at ${VIP}:22 refused the connection (connect ECONNREFUSED)`,
  via: 'servera',
};
const decide = (nodes: NodeFacts[], answer: VipAnswer) => decideVipHolder('servera', VIP, nodes, answer);

describe("cluster/vip's decision", () => {
  it('names the node whose host key (any of its keys) answers at the VIP, and the other as standby', () => {
    const d = decide([node8888(['192.168.109.114', VIP]), node9999(['192.168.109.115'])], answers(KEY_A_RSA));
    expect(d.holder).toBe('servera');
    expect(d.by).toBe(`its SSH host key answers at ${VIP}:22`);
    expect(d.problem).toBeUndefined();
  });

  it('follows the key after a failover: node9999 holds the VIP', () => {
    const d = decide([node8888(['192.168.109.114']), node9999(['192.168.109.115', VIP])], answers(KEY_B));
    expect(d.holder).toBe('servera2');
  });

  it("falls back to the one node whose interfaces carry the VIP when the VIP's sshd does not answer", () => {
    const d = decide([node8888(['192.168.109.114']), node9999(['192.168.109.115', VIP])], REFUSED);
    expect(d.holder).toBe('servera2');
    expect(d.by).toBe(`its interfaces carry ${VIP}`);
    expect(d.notes).toEqual([`SSH at ${VIP}:22 refused the connection (connect ECONNREFUSED) (asked from servera)`]);
  });

  it('catches: the VIP answers SSH with a host key of no node of the cluster: another machine holds the address', () => {
    const d = decide(
      [node8888(['192.168.109.114', VIP]), node9999(['192.168.109.115'])],
      answers(KEY_X, 'ssh-ed25519'),
    );
    expect(d.holder).toBeUndefined();
    expect(d.problem?.status).toBe('crit');
    expect(d.problem?.summary).toBe(
      `the VIP ${VIP} answers SSH with host key ${KEY_X} (ssh-ed25519), which is no node's of cluster servera (servera: ${KEY_A}, ${KEY_A_RSA}; servera2: ${KEY_B}): another machine holds ${VIP}`,
    );
    expect(d.problem?.hint).toMatch(/ssh-keyscan 192\.168\.109\.113/);
  });

  it("is UNKNOWN, not CRIT, for a key of no node when a node's keys could not be read", () => {
    const down: NodeFacts = { node: 'servera2', fingerprints: [], unreadable: 'no answer within 4000 ms' };
    const d = decide([node8888(['192.168.109.114']), down], answers(KEY_X));
    expect(d.problem?.status).toBe('unknown');
    expect(d.problem?.summary).toBe(
      `the VIP ${VIP} answers SSH with host key ${KEY_X} (ssh-rsa), which is not servera's; the keys of servera2 could not be read (no answer within 4000 ms)`,
    );
  });

  it('catches: the VIP answers nobody: its sshd does not answer and no node carries it on its interfaces', () => {
    const d = decide([node8888(['192.168.109.114']), node9999(['192.168.109.115'])], REFUSED);
    expect(d.holder).toBeUndefined();
    expect(d.problem?.status).toBe('crit');
    expect(d.problem?.summary).toBe(
      `the VIP ${VIP} of cluster servera answers nobody: SSH at ${VIP}:22 refused the connection (connect ECONNREFUSED), and no node's interfaces carry it`,
    );
    expect(d.problem?.hint).toMatch(/clustat/);
  });

  it('catches: split brain: several nodes carry the VIP on their interfaces', () => {
    const d = decide([node8888(['192.168.109.114', VIP]), node9999(['192.168.109.115', VIP])], answers(KEY_A));
    expect(d.holder).toBeUndefined();
    expect(d.problem?.status).toBe('crit');
    expect(d.problem?.summary).toBe(
      `split brain in cluster servera: servera and servera2 both carry the VIP ${VIP} on their interfaces; clients reach whichever answers ARP first (SSH at ${VIP}:22 answers with servera's host key)`,
    );
    expect(d.problem?.hint).toMatch(/fencing/);
  });

  it("catches: the VIP answers with one node's host key while only another node's interfaces carry it", () => {
    const d = decide([node8888(['192.168.109.114']), node9999(['192.168.109.115', VIP])], answers(KEY_A));
    expect(d.problem?.status).toBe('crit');
    expect(d.problem?.summary).toBe(
      `the VIP ${VIP} answers SSH with servera's host key, but only servera2's interfaces carry it: two machines answer for ${VIP}`,
    );
  });

  it('takes nodes listing the same interfaces (one network stack, the lab) as saying nothing, not as split brain', () => {
    const shared = ['127.0.0.1', '127.0.10.2', '127.0.10.3'];
    const d = decideVipHolder(
      'servera',
      '127.0.10.2',
      [node8888(shared), node9999([...shared].reverse())],
      answers(KEY_B),
    );
    expect(d.holder).toBe('servera2');
    expect(d.notes[0]).toMatch(/servera and servera2 list the same interfaces \(one network stack/);
  });

  it('catches: nodes sharing one host key, with interfaces that cannot tell the holder: UNKNOWN, not a guess', () => {
    const same = (n: NodeFacts): NodeFacts => ({ ...n, fingerprints: [KEY_A] });
    const d = decide([same(node8888()), same(node9999())], answers(KEY_A));
    expect(d.holder).toBeUndefined();
    expect(d.problem?.status).toBe('unknown');
    expect(d.problem?.summary).toMatch(/servera and servera2 share the host key/);
    // With one node carrying the VIP, its interfaces decide.
    const decided = decide(
      [same(node8888(['192.168.109.114', VIP])), same(node9999(['192.168.109.115']))],
      answers(KEY_A),
    );
    expect(decided.holder).toBe('servera');
  });
});
