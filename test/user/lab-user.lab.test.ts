// The test helper itself: a lab user found in AD, with its password when asked, and the catalogue's kinit check
// run as that user (the check reads the user in place of the configured test user).
import { describe, expect, it } from 'vitest';
import { kinitCheck } from '../../checks/identity/kinit.js';
import { labUser, runForUser } from './lab-user.js';

describe('labUser', () => {
  it('runs a catalogue check as another user: test1002 with its password gets a ticket', async () => {
    const user = await labUser('test1002', { withPassword: true });
    expect(user.userSite.testUser?.login).toBe('test1002');
    expect(user.target.addresses).toContain('test1002@example.com');
    const results = await runForUser(user, [kinitCheck]);
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.status, r.summary).toBe('ok');
    expect(JSON.stringify(results)).not.toContain(user.target.password!.reveal());
  });
});
