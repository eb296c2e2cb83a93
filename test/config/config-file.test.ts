// The config file is read only when it is a regular file of sane size, and only as UTF-8 text; each
// refusal is one line that says what the file is and what was expected.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { UserError } from '../../src/core/errors.js';

const VALID = 'hosts:\n  here: { local: true, roles: [relay] }\n';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-config-file-'));
  dirs.push(dir);
  return dir;
}
function write(content: string | Buffer): string {
  const path = join(tempDir(), 'site.yaml');
  writeFileSync(path, content);
  return path;
}

async function refusal(explicitPath: string): Promise<string> {
  const err = await loadConfig({ explicitPath, env: {}, home: '/nonexistent', isTTY: false }).catch((e: unknown) => e);
  if (err instanceof UserError) return err.message;
  throw err instanceof Error ? err : new Error('loaded');
}

describe('a config file that is not a regular file', () => {
  it('is refused at once when it is a FIFO, instead of waiting for a writer forever', async () => {
    const fifo = join(tempDir(), 'site.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(fifo)).toBe(`config file ${fifo} is a FIFO (named pipe), not a regular file`);
  }, 5000);

  it('is refused when it is a device, before a byte of /dev/urandom is read', async () => {
    expect(await refusal('/dev/urandom')).toBe('config file /dev/urandom is a character device, not a regular file');
  });

  it('is refused when it is a directory, as one line without a trailer about lines above', async () => {
    const dir = tempDir();
    const err = await loadConfig({ explicitPath: dir, env: {}, home: '/nonexistent' }).catch((e: unknown) => e);
    expect((err as UserError).message).toBe(`config file ${dir} is a directory, not a regular file`);
    expect((err as UserError).hint).toBeUndefined();
  });
});

describe('the size of a config file', () => {
  it('is at most 1 MiB', async () => {
    const text = `${VALID}#${'x'.repeat(1 << 20)}\n`;
    const path = write(text);
    expect(await refusal(path)).toBe(`config file ${path} is larger than 1 MiB (${text.length} bytes)`);
  });

  it('may list at most 1000 hosts', async () => {
    let text = 'hosts:\n';
    for (let i = 0; i < 1001; i++) text += `  h${i}: { local: true, roles: [relay] }\n`;
    const path = write(text);
    expect(await refusal(path)).toBe(`${path}:1:1: hosts: expected at most 1000 hosts, got 1001`);
  });

  it('may list 1000 hosts', async () => {
    let text = 'hosts:\n';
    for (let i = 0; i < 1000; i++) text += `  h${i}: { local: true, roles: [relay] }\n`;
    const site = await loadConfig({ explicitPath: write(text), env: {}, home: '/nonexistent' });
    expect(site.hosts).toHaveLength(1000);
  });
});

describe('the encoding of a config file', () => {
  it('names UTF-16 text, with or without its byte order mark', async () => {
    const withBom = write(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID, 'utf16le')]));
    expect(await refusal(withBom)).toBe(
      `config file ${withBom} is UTF-16 text, expected UTF-8 (iconv -f UTF-16 -t UTF-8 converts it)`,
    );
    const bare = write(Buffer.from(VALID, 'utf16le'));
    expect(await refusal(bare)).toBe(
      `config file ${bare} is UTF-16 text, expected UTF-8 (iconv -f UTF-16 -t UTF-8 converts it)`,
    );
  });

  it('names a binary file', async () => {
    const path = write(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x41]));
    expect(await refusal(path)).toBe(`config file ${path} is binary (it holds NUL bytes), expected UTF-8 text`);
  });

  it('names the first line that is not UTF-8, as an editor saving Latin-1 writes it', async () => {
    const path = write(Buffer.concat([Buffer.from(`${VALID}site: Gr`), Buffer.from([0xfc]), Buffer.from('n\n')]));
    expect(await refusal(path)).toBe(`${path}:3:1: not UTF-8 text (saved as Latin-1?), expected UTF-8`);
  });

  it('takes UTF-8 with a byte order mark', async () => {
    const site = await loadConfig({ explicitPath: write(`\ufeffsite: Grün\n${VALID}`), env: {}, home: '/nonexistent' });
    expect(site.site).toBe('Grün');
  });
});

describe('an empty --config', () => {
  it('is refused instead of meaning the embedded default', async () => {
    expect(await refusal('')).toBe('--config names no file (an empty path)');
  });
});

describe('a config error with several problems', () => {
  it('ends with one line saying what to do, after the problems', async () => {
    const explicitPath = write('site: 5\nhosts: []\n');
    const err = await loadConfig({ explicitPath, env: {}, home: '/nonexistent' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const lines = (err as ConfigError).message.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      'fix the lines above; `oxdoctor config validate` checks the config without running any check',
    );
    expect((err as ConfigError).problems).toHaveLength(2);
  });
});
