// Conformance of the catalogue: every check declares what the runner, reporters and `oxdoctor checks` need.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkById, checks, selectChecks, unknownSelectors } from '../../checks/index.js';
import { ROLES } from '../../src/core/host.js';

describe('the check registry', () => {
  it('has unique ids of the form group/name', () => {
    const ids = checks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
  });

  it.each(checks.map((c) => [c.id, c] as const))(
    '%s declares title, roles, what it proves and a timeout',
    (_id, check) => {
      expect(check.title.length).toBeGreaterThan(3);
      expect(check.proves.length).toBeGreaterThan(20);
      if (check.roles !== 'all') for (const r of check.roles) expect(ROLES).toContain(r);
      expect(check.timeoutMs).toBeGreaterThan(0);
    },
  );

  it('ships the first catalogue ids of the architecture', () => {
    expect(checks.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'host/ssh',
        'host/clock',
        'host/disk',
        'service/smtp',
        'service/amavis',
        'service/clamd',
        'service/imap',
        'service/lmtp',
        'service/sieve',
        'service/ajp',
        'service/http',
        'service/mysql',
        'service/ldap',
      ]),
    );
  });

  it('selects by id and by group, and names selectors that match nothing', () => {
    expect(checkById('service/clamd')?.title).toBe('clamd');
    expect(selectChecks(['host']).map((c) => c.id)).toEqual(['host/ssh', 'host/clock', 'host/disk']);
    expect(selectChecks(['service/imap', 'host/ssh']).map((c) => c.id)).toEqual(['host/ssh', 'service/imap']);
    expect(selectChecks([])).toHaveLength(checks.length);
    expect(unknownSelectors(['host', 'hots/ssh'])).toEqual(['hots/ssh']);
  });

  it("is described in the README's catalogue table, every id", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('### Checks'), readme.indexOf('### Output formats'));
    expect(checks.map((c) => c.id).filter((id) => !table.includes(`\`${id}\``))).toEqual([]);
  });
});
