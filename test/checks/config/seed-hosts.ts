// The lab's hosts as file trees from their templates (test/lab/hosts/*/files, placeholders filled), read by the
// real check through a rooted transport; postconf is this machine's real one, pointed at the tree's /etc/postfix.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../../src/core/host.js';
import type { SeedDeviation } from '../../../src/core/site.js';
import { fixtureTree, type FixtureTree } from '../../facts/fixture-hosts.js';
import { HostTreeTransport } from '../mailbox/host-tree.js';

const HOSTS = fileURLToPath(new URL('../../lab/hosts', import.meta.url));

// Which template folders make up each lab host (test/lab/services/*.sh render them in this order).
const LAYERS: Record<string, { dirs: string[]; roles: Role[] }> = {
  relay: { dirs: ['common', 'relay'], roles: ['relay'] },
  servera: { dirs: ['common', 'groupware', 'servera'], roles: ['groupware'] },
  serverb: { dirs: ['common', 'groupware', 'serverb'], roles: ['groupware', 'archive'] },
};

export interface SeedHost {
  readonly tree: FixtureTree;
  readonly roles: Role[];
  readonly transport: HostTreeTransport;
  read(path: string): string;
  edit(path: string, change: (text: string) => string): void;
}

export function labHost(name: keyof typeof LAYERS): SeedHost {
  const { dirs, roles } = LAYERS[name]!;
  const tree = fixtureTree();
  for (const dir of dirs) copyInto(tree, join(HOSTS, dir, 'files'), '');
  // The real postconf of this machine, reading the tree's configuration directory.
  // Its output names the tree's directories as the host's (config_directory = /etc/postfix).
  const postconf = `/usr/sbin/postconf -c '${tree.root}/etc/postfix' "$@" | /bin/sed 's|${tree.root}||g'`;
  tree.write('/bin/postconf', `#!/bin/sh\n${postconf}\n`, 0o755);
  const read = (path: string) => readFileSync(tree.root + path, 'utf8');
  return {
    tree,
    roles,
    transport: new HostTreeTransport(tree.root, name),
    read,
    edit: (path, change) => tree.write(path, change(read(path))),
  };
}

function copyInto(tree: FixtureTree, dir: string, prefix: string): void {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) copyInto(tree, full, `${prefix}/${entry}`);
    else tree.write(`${prefix}/${entry}`, fill(readFileSync(full, 'utf8')));
  }
}

// Placeholders as the lab fills them, with sample values.
function fill(text: string): string {
  return text.replace(/@([A-Z_]+)@/g, (_m, name: string) => {
    if (name.endsWith('PORT')) return '389';
    if (name === 'REALM') return 'AD.EXAMPLE.COM';
    if (name.endsWith('DN')) return 'DC=example,DC=com';
    return '127.0.0.1';
  });
}

// The lab's documented deviations, as test/lab/oxdoctor.yaml declares them (loaded by the test).
export type { SeedDeviation };
