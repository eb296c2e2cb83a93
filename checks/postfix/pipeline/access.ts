// One need of the pipe judged as the pipe's user: present, and readable/executable through every directory.
import type { Step } from '../../../src/core/result.js';
import type { PathAccessView } from '../../../src/facts/path-access.js';
import { describeMode, reach, type UserIds } from '../../../src/unix/path-access.js';
import type { Need } from './needs.js';

const BIT: Record<string, string> = { 'search (x)': 'x', 'execute (x)': 'x', 'read (r)': 'r', 'write (w)': 'w' };
const VERB = { read: 'read', write: 'write to', execute: 'execute' } as const;

// The ids a program runs with: a setuid or setgid bit on it adds its owner or group.
function idsFor(ids: UserIds, view: PathAccessView, program?: string): UserIds {
  const m = program === undefined ? undefined : view.modes.get(program);
  if (!m || m.type !== '-') return ids;
  const uid = m.perms[2] === 's' ? m.uid : ids.uid;
  const gids = m.perms[5] === 's' ? [...ids.gids, m.gid] : ids.gids;
  return { user: ids.user, uid, gids };
}

export function needStep(view: PathAccessView, ids: UserIds, need: Need, consequence: string): Step {
  const name = need.path;
  const result = reach(idsFor(ids, view, need.program), need.path, view.modes, need.want);
  const who = `${ids.user} (uid ${ids.uid}, groups ${ids.gids.join(' ') || 'none'})`;
  if (result.ok) {
    if (need.want !== 'read' && result.target.type !== '-') {
      return {
        name,
        status: 'crit',
        summary: `${need.path} (${need.role}) is not a regular file (${describeMode(result.target)}): ${consequence}`,
        hint: `put the program back at ${need.path}, or correct the path`,
      };
    }
    return { name, status: 'ok', summary: `${ids.user} may ${VERB[need.want]} ${need.path} (${need.role})` };
  }
  if (result.why === 'missing') {
    const where = result.path === need.path ? '' : ` (${result.path} does not exist)`;
    return {
      name,
      status: 'crit',
      summary: `${need.path} (${need.role}) is missing${where}: ${consequence}`,
      hint:
        need.want === 'execute'
          ? `install ${need.path} (or correct the path that names it), then \`postqueue -f\` retries deferred mail`
          : `restore ${need.path} (from a backup or the deployment guide), then \`postqueue -f\` retries deferred mail`,
    };
  }
  const acl = result.blocker.acl ? ' (it carries an ACL, which oxdoctor does not evaluate)' : '';
  return {
    name,
    status: 'crit',
    summary:
      `${ids.user} may not ${VERB[need.want]} ${need.path} (${need.role}): ${result.blocker.path} is ` +
      `${describeMode(result.blocker)}, no ${result.need} for ${who}${acl}: ${consequence}`,
    hint:
      `give ${ids.user} ${result.need} on ${result.blocker.path} (chmod o+${BIT[result.need]} or chgrp ` +
      `to a group ${ids.user} is in), then \`postqueue -f\` retries deferred mail`,
  };
}
