import { describe, expect, it } from 'vitest';
import { ManifestBuilder, manifestJson } from '../../src/bundle/manifest.js';
import { BundleRedactor } from '../../src/bundle/redact/redactor.js';

function clock(): () => number {
  let t = Date.UTC(2026, 11, 7, 5, 0, 0);
  return () => (t += 10);
}

describe('ManifestBuilder', () => {
  it('records each item with its timing and outcome, and a dead host as an error entry: partial', () => {
    const b = new ManifestBuilder({ tool: 'oxdoctor 0.1.0', site: 'lab', since: '3d' }, clock());
    const redactor = new BundleRedactor();
    const map = redactor.redactText('bind_pw = Manifest-Canary-1\n', { kind: 'file', name: '/etc/postfix/x' });
    b.start({ host: 'relay', component: 'postfix', kind: 'file', path: '/etc/postfix/x' }).finish({
      archivePath: 'relay/etc/postfix/x',
      size: 19,
      sha256: 'ab',
      redaction: map.summary,
    });
    b.start({ host: 'relay', component: 'postfix', kind: 'command', argv: ['postconf', '-n'] }).finish({
      archivePath: 'relay/commands/postconf_-n',
      exitCode: 0,
      size: 100,
    });
    b.start({ host: 'servera', component: 'system', kind: 'command', argv: ['df', '-P'] }).finish({
      timedOut: true,
      exitCode: null,
    });
    b.hostFailed('serverb', 'connect ECONNREFUSED 127.0.10.4:22');
    const m = b.build();
    expect(m.partial).toBe(true);
    expect(m.hosts).toEqual([
      { name: 'relay', status: 'complete', items: 2, errors: 0 },
      { name: 'servera', status: 'partial', items: 1, errors: 1 },
      { name: 'serverb', status: 'failed', items: 0, errors: 1 },
    ]);
    expect(m.items[0]).toMatchObject({
      start: '2026-12-07T05:00:00.020Z',
      durationMs: 10,
      redactions: 1,
      redactedLines: [{ line: 1, rule: 'postfix map bind_pw/password' }],
    });
    expect(m.items[2]).toMatchObject({ timedOut: true, exitCode: null, size: 0, truncated: false });
    expect(JSON.stringify(m)).not.toContain('Manifest-Canary-1');
  });

  it('a bundle with no failed item is complete', () => {
    const b = new ManifestBuilder({ tool: 'oxdoctor', site: 'lab' }, clock());
    b.start({ host: 'relay', component: 'system', kind: 'command', argv: ['uname', '-a'] }).finish({ exitCode: 1 });
    expect(b.build().partial).toBe(false);
  });

  it('manifest.json passes through the redactor: secrets in names and errors are masked', () => {
    const redactor = new BundleRedactor({ knownSecrets: ['Known-Canary-2'] });
    const b = new ManifestBuilder({ tool: 'oxdoctor', site: 'lab' }, clock());
    b.start({ host: 'relay', component: 'x', kind: 'file', path: '/tmp/Known-Canary-2.txt' }).finish({
      error: 'failed: url jdbc:x?password=Rule-Canary-3',
    });
    const text = manifestJson(b.build(), redactor);
    expect(text).not.toContain('Known-Canary-2');
    expect(text).not.toContain('Rule-Canary-3');
    expect(JSON.parse(text).items[0].path).toBe('/tmp/********.txt');
  });

  it('stays valid JSON whatever the rule names and counts (a rule named "generic password")', () => {
    const redactor = new BundleRedactor();
    const b = new ManifestBuilder({ tool: 'oxdoctor', site: 'lab' }, clock());
    const r = redactor.redactText('password = x\n', { kind: 'file', name: '/etc/my.cnf' });
    b.start({ host: 'h', component: 'x', kind: 'file', path: '/etc/my.cnf' }).finish({ redaction: r.summary });
    const parsed = JSON.parse(manifestJson(b.build(), redactor));
    expect(parsed.items[0].redactionsByRule).toEqual({ 'generic password': 1 });
  });
});
