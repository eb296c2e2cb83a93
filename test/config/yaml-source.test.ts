import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigText } from '../../src/config/index.js';
import { parseYamlSource } from '../../src/config/yaml-source.js';

const options = { env: {}, home: '/nonexistent', isTTY: false, sshConfigFiles: [] };

async function problems(text: string): Promise<readonly string[]> {
  const err = await loadConfigText(text, 'x.yaml', options).catch((e: unknown) => e);
  if (err instanceof ConfigError) return err.problems;
  throw err instanceof Error ? err : new Error('loaded');
}

describe('YAML aliases', () => {
  it('lets 500 hosts share one anchored ssh mapping (yaml alone stops at 100 aliases)', async () => {
    let text = 'hosts:\n  h0: { roles: [relay], ssh: &ssh { user: root, port: 2222 } }\n';
    for (let i = 1; i < 500; i++) text += `  h${i}: { roles: [relay], ssh: *ssh }\n`;
    const { site } = await loadConfigText(text, 'x.yaml', options);
    expect(site.hosts).toHaveLength(500);
    const last = site.hosts[499]!.transport;
    expect(last.kind === 'ssh' && last.ssh.port).toBe(2222);
  });

  it('refuses an alias with no anchor before it', async () => {
    expect(await problems('hosts:\n  a: { local: true, roles: *roles }\n')).toEqual([
      'x.yaml:2:28: alias *roles has no anchor before it',
    ]);
  });

  it('refuses an alias inside its own anchor', async () => {
    expect(await problems('hosts:\n  a: &a { local: true, roles: [*a] }\n')).toEqual([
      'x.yaml:2:32: alias *a is inside its own anchor',
    ]);
  });
});

describe('YAML structure', () => {
  it('says a document nested thousands deep is nested too deeply', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const [first, ...rest] = await problems(`site: ${deep}\nhosts:\n  a: { local: true }\n`);
    expect(first).toMatch(/^x\.yaml:1:\d+: nested too deeply$/);
    expect(rest.every((p) => /^x\.yaml:\d+:\d+: /.test(p))).toBe(true);
  });

  it('names each duplicate key with the line of its first occurrence, in nested and flow mappings', async () => {
    const text = 'hosts:\n  a: { local: true, local: false }\n  b: { local: true }\n  a: { local: true }\n';
    expect(await problems(text)).toEqual([
      'x.yaml:2:21: hosts.a.local: duplicate key (first at line 2)',
      'x.yaml:4:3: hosts.a: duplicate key (first at line 2)',
    ]);
  });

  it('takes a key written as a number and as a string for the same key, as the loaded value would', async () => {
    expect(await problems('hosts:\n  1: { local: true }\n  "1": { local: true }\n')).toEqual([
      'x.yaml:3:3: hosts["1"]: duplicate key (first at line 2)',
    ]);
  });

  it('refuses "__proto__" anywhere, since a JS object would take it as its prototype', async () => {
    const text = 'hosts:\n  a: { local: true, roles: [] }\nthresholds:\n  __proto__: { warn: "1" }\n';
    expect(await problems(text)).toEqual(['x.yaml:4:3: thresholds.__proto__: "__proto__" is not allowed as a key']);
  });
});

describe('positions of many problems', () => {
  it('names every bad host of a big mapping at its own line', async () => {
    let text = 'hosts:\n';
    for (let i = 0; i < 1000; i++) text += `  h${i}: { local: true, roles: [mailstore] }\n`;
    const found = await problems(text);
    expect(found).toHaveLength(1000);
    expect(found[999]).toBe(
      'x.yaml:1001:32: hosts.h999.roles[0]: expected one of relay, groupware, archive, got "mailstore"',
    );
  });

  it('answers has() for a key present with a null value and for one absent', () => {
    const source = parseYamlSource('a:\n  b: ~\n', 'y.yaml');
    expect(source.has(['a', 'b'])).toBe(true);
    expect(source.has(['a', 'c'])).toBe(false);
    expect(source.valueAt(['a', 'b'])).toBe(null);
  });
});
