import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Obfuscator } from '../../src/bundle/obfuscate.js';
import { safeName, safeStream } from '../../src/bundle/pipeline.js';
import { BundleRedactor } from '../../src/bundle/redact/redactor.js';
import { TarGzWriter } from '../../src/bundle/tar-gz.js';

describe('safeStream into the archive', () => {
  it('redacts, obfuscates and archives an item, and names it safely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-pipe-'));
    try {
      const redactor = new BundleRedactor({ knownSecrets: ['Pipe-Known-1'] });
      const obfuscator = new Obfuscator({ domains: ['example.com'], users: ['test1001'] });
      const text = 'bind_pw = Pipe-Rule-2\nserver_host = ldap://dc1.example.com\n# test1001 Pipe-Known-1\n';
      const source = Readable.from([Buffer.from(text.slice(0, 9)), Buffer.from(text.slice(9))]);
      const safe = safeStream(source, { kind: 'file', name: '/etc/postfix/x' }, redactor, obfuscator);
      const name = safeName('servera.example.com/etc/postfix/Pipe-Known-1.cf', redactor, obfuscator);
      const tar = await TarGzWriter.create(join(dir, 'b.tar.gz'));
      const added = await tar.addStream({ name }, safe.stream);
      await tar.close();
      expect(name).toBe('host0.domain0.example/etc/postfix/********.cf');
      execFileSync('tar', ['-xzf', join(dir, 'b.tar.gz'), '-C', dir]);
      const out = readFileSync(join(dir, name), 'utf8');
      expect(out).toBe('bind_pw = ********\nserver_host = ldap://host1.domain0.example\n# user0 ********\n');
      expect(added.size).toBe(Buffer.byteLength(out));
      expect(safe.summary().byRule).toEqual({ 'postfix map bind_pw/password': 1, 'known secret': 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes a source error on, so the entry fails instead of ending short', async () => {
    const source = new Readable({ read() {} });
    const safe = safeStream(source, { kind: 'log', name: '/var/log/maillog' }, new BundleRedactor());
    setTimeout(() => source.destroy(new Error('channel closed')), 5);
    await expect(
      (async () => {
        for await (const _chunk of safe.stream) void _chunk;
      })(),
    ).rejects.toThrow('channel closed');
  });
});
