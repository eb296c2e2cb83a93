// The user's results as the path: hops in the order mail and logins travel, the standby node left out, the verdict
// one sentence per problem (worst first within a hop, the same sentence once), each with its fix.
import { describe, expect, it } from 'vitest';
import type { HostSpec } from '../../src/core/host.js';
import type { Result } from '../../src/core/result.js';
import type { Status } from '../../src/core/status.js';
import { arrange, stageOf, verdictOf } from '../../src/user/path.js';

const host = (name: string, roles: HostSpec['roles']): HostSpec => ({ name, roles, transport: { kind: 'local' } });
const HOSTS = [host('relay', ['relay']), host('servera', ['groupware']), host('serverb', ['groupware', 'archive'])];

function result(check: string, on: string, status: Status = 'ok', summary = `${check} fine`, hint?: string): Result {
  return {
    check,
    host: on,
    status,
    summary,
    ...(hint ? { hint } : {}),
    evidence: [],
    metrics: [],
    steps: [],
    startedAt: '2026-12-07T03:00:00.000Z',
    durationMs: 1,
    timedOut: false,
  };
}

describe('the path of oxdoctor user', () => {
  it('stages by check, else by the host role: relay inbound, archive host archive, other groupware delivery', () => {
    expect(stageOf(result('service/amavis', 'relay'), HOSTS)).toBe('inbound');
    expect(stageOf(result('user/mailbox', 'servera'), HOSTS)).toBe('delivery');
    expect(stageOf(result('user/mailbox', 'serverb'), HOSTS)).toBe('archive');
    expect(stageOf(result('user/kerberos', 'serverb'), HOSTS)).toBe('login');
    expect(stageOf(result('user/ox', 'servera'), HOSTS)).toBe('groupware');
    expect(stageOf(result('user/queue', 'relay'), HOSTS)).toBe('activity');
  });

  it('hops in path order whatever the results order; the standby node is no hop; OK hops say the probe', () => {
    const hops = arrange(
      [
        result('user/ox', 'servera'),
        result('user/routing', 'serverb', 'ok', 'serverb files copies'),
        result('user/routing', 'servera2', 'ok', 'servera2 is the standby node of cluster servera: servera runs it'),
        result('service/smtp', 'relay'),
        result('user/routing', 'relay', 'ok', 'relay routes all addresses'),
        result('user/directory', 'AD'),
        result('user/kerberos', 'servera'),
      ],
      HOSTS,
    );
    expect(hops.map((h) => h.id)).toEqual(['directory', 'inbound@relay', 'archive@serverb', 'login', 'groupware']);
    expect(hops[1]).toMatchObject({
      title: 'relay: mail in from Exchange and the Internet',
      summary: 'relay routes all addresses',
    });
  });

  it('the verdict: hop by hop, the worst first, each with its fix, a sentence said twice only once', () => {
    const hops = arrange(
      [
        result('user/kerberos', 'servera', 'crit', 'servera: the KDC is unreachable', 'start the KDC'),
        result('service/amavis', 'relay', 'warn', 'amavis slow', 'look at amavis'),
        result('user/routing', 'relay', 'crit', 'relay: servera refuses :10025', 'start postfix on servera'),
        result('user/kerberos', 'serverb', 'crit', 'servera: the KDC is unreachable', 'start the KDC'),
      ],
      HOSTS,
    );
    expect(hops.find((h) => h.id === 'inbound@relay')?.summary).toBe('relay: servera refuses :10025');
    expect(verdictOf(hops).map((p) => [p.hop, p.status, p.sentence, p.fix])).toEqual([
      ['inbound@relay', 'crit', 'relay: servera refuses :10025', 'start postfix on servera'],
      ['inbound@relay', 'warn', 'relay: amavis slow', 'look at amavis'],
      ['login', 'crit', 'servera: the KDC is unreachable', 'start the KDC'],
      ['login', 'crit', 'serverb: servera: the KDC is unreachable', 'start the KDC'],
    ]);
  });

  it('the same finding on several hosts is one sentence naming them', () => {
    const hops = arrange(
      ['servera', 'serverb'].map((h) =>
        result('user/kerberos', h, 'crit', `${h}: kinit: test1090 is disabled`, 'enable it'),
      ),
      HOSTS,
    );
    expect(verdictOf(hops).map((p) => p.sentence)).toEqual(['servera, serverb: kinit: test1090 is disabled']);
  });
});
