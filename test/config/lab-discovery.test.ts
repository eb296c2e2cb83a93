import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverHost } from '../../src/config/index.js';
import { RootedTransport } from '../facts/rooted-transport.js';

// The lab's host trees (rendered by test/lab at `up`): every host carries Debian's package leftovers
// (/etc/imapd.conf, /etc/amavis, empty /opt/open-xchange), as real hosts of mixed history do.
function labState(): string {
  const envFile = join(import.meta.dirname, '../lab/lab.env');
  const fromFile = existsSync(envFile)
    ? /LAB_STATE="\$\{OXDOCTOR_LAB_STATE:-([^}]+)\}"/.exec(readFileSync(envFile, 'utf8'))?.[1]
    : undefined;
  return process.env.OXDOCTOR_LAB_STATE ?? fromFile ?? '';
}
const hosts = join(labState(), 'hosts');
const rendered = (h: string): boolean => existsSync(join(hosts, h, 'etc/postfix/main.cf'));

describe.skipIf(!['relay', 'servera', 'serverb'].every(rendered))('role discovery on the lab hosts', () => {
  it.each([
    ['relay', ['relay']],
    ['servera', ['groupware']],
    ['serverb', ['groupware', 'archive']],
  ])('finds the roles of %s from its files', async (host, roles) => {
    expect((await discoverHost(new RootedTransport(join(hosts, host)))).roles).toEqual(roles);
  });

  it.skipIf(!rendered('exchange'))('gives the Exchange stand-in no roles although it runs postfix', async () => {
    expect((await discoverHost(new RootedTransport(join(hosts, 'exchange')))).roles).toEqual([]);
  });
});
