// A lab user as oxdoctor user's probes see it: found in the lab's AD, optionally with its password (read from the
// lab's secrets, as --password-stdin would give it), and the probes run through the real runner against the lab.
import { readFileSync } from 'node:fs';
import type { Check } from '../../src/core/check.js';
import { Secret } from '../../src/core/redact.js';
import type { Result } from '../../src/core/result.js';
import type { SiteConfig } from '../../src/core/site.js';
import { findUser } from '../../src/user/identity.js';
import { siteForUser, targetOf, type UserTarget } from '../../src/user/target.js';
import { labPaths } from '../lab/lab.js';
import { labSite, runChecks } from '../checks/mailbox/run.js';

export interface LabUser {
  readonly site: SiteConfig; // the lab's site as loaded
  readonly userSite: SiteConfig; // the same with this user as the test user (siteForUser)
  readonly target: UserTarget;
}

// query: a login or address the lab's AD has (test1001, info01, oxex01, exch01, ox1175 ...).
// withPassword: read /var/tmp/oxdoctor-lab/secrets/<login>.pw (the lab has them for test1001-1005, 1090, 1091).
export async function labUser(query: string, options: { withPassword?: boolean } = {}): Promise<LabUser> {
  const site = await labSite();
  const found = await findUser({ site, timeoutMs: 5000 }, query);
  if (found.kind !== 'found') throw new Error(`the lab's AD has no single user ${query}: ${JSON.stringify(found)}`);
  let password: Secret | undefined;
  if (options.withPassword) {
    const { secrets } = await labPaths();
    const login = found.entry.sAMAccountName ?? query;
    password = new Secret(readFileSync(`${secrets}/${login}.pw`, 'utf8').trim(), `lab:${login}.pw`);
  }
  const target = targetOf(found, password);
  return { site, userSite: siteForUser(site, target), target };
}

// Runs checks (probes of oxdoctor user, or catalogue checks) with the user as the test user; the active nodes only.
export function runForUser(user: LabUser, checks: readonly Check[]): Promise<Result[]> {
  return runChecks(user.userSite, checks);
}
