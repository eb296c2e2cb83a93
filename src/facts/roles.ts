// Roles of a host inferred from what it carries and how postfix is wired, with the reason for each.
import type { Role } from '../core/host.js';
import { tableRefs } from '../postfix/main-cf.js';
import { findService, type MasterService } from '../postfix/master-cf.js';
import type { Installed } from './installed.js';

export interface RoleInference {
  readonly roles: readonly Role[];
  readonly reasons: readonly string[]; // one sentence per role, for `config show` and evidence
}

export interface PostfixWiring {
  readonly mainParams: ReadonlyMap<string, string>;
  readonly services: readonly MasterService[];
}

// cyrusUse: why cyrus is in use here (see cyrusInUse), undefined when it is only installed.
export function inferRoles(installed: Installed, postfix?: PostfixWiring, cyrusUse?: string): RoleInference {
  const roles: Role[] = [];
  const reasons: string[] = [];
  const amavisFilter = postfix ? findAmavisFilter(postfix) : undefined;
  if (installed.components.has('postfix') && amavisFilter) {
    roles.push('relay');
    reasons.push(`relay: postfix hands mail to amavis (${amavisFilter})`);
  }
  const groupware = installed.found.ox
    ? `OX is installed (${installed.found.ox})`
    : installed.found.cyrus && cyrusUse
      ? `cyrus serves mail (${cyrusUse})`
      : undefined;
  if (groupware) {
    roles.push('groupware');
    reasons.push(`groupware: ${groupware}`);
    const archive = postfix ? findArchiveCopyFix(postfix) : undefined;
    if (archive) {
      roles.push('archive');
      reasons.push(`archive: ${archive}`);
    }
  }
  return { roles, reasons };
}

// content_filter in main.cf or in a master.cf override that points at amavis (by name or port 10024).
export function findAmavisFilter({ mainParams, services }: PostfixWiring): string | undefined {
  const isAmavis = (v: string): boolean => /amavis|:10024\b/i.test(v);
  const main = mainParams.get('content_filter');
  if (main && isAmavis(main)) return `main.cf content_filter = ${main}`;
  for (const s of services) {
    const v = s.overrides.get('content_filter');
    if (v && isAmavis(v)) return `master.cf ${s.name} -o content_filter=${v}`;
  }
  return undefined;
}

// Server B reverts the relay's copy rewrite: a "copyfix" map first in virtual_alias_maps, or a
// listener whose own cleanup service carries its own virtual_alias_maps (the seed's copycleanup).
function findArchiveCopyFix({ mainParams, services }: PostfixWiring): string | undefined {
  const first = tableRefs(mainParams.get('virtual_alias_maps') ?? '')[0];
  if (first && /copyfix/i.test(first.name)) return `virtual_alias_maps starts with ${first.text}`;
  for (const s of services) {
    if (s.type !== 'inet') continue;
    const cleanupName = s.overrides.get('cleanup_service_name');
    if (!cleanupName) continue;
    const cleanup = findService(services, cleanupName, 'unix');
    const maps = cleanup?.overrides.get('virtual_alias_maps');
    if (maps) return `master.cf ${s.name} uses cleanup ${cleanupName} with virtual_alias_maps=${maps}`;
  }
  return undefined;
}
