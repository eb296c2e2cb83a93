// Where the last program of the pipe hands mail back: ssmtp's mailhub, msmtp's host/port, sendmail's pickup,
// and the lab's wrapper script around msmtp.
import { describe, expect, it } from 'vitest';
import { configFileOf, resubmitTarget, scriptLogFiles, submitterOf, wrappedCall } from '../../src/procmail/resubmit.js';
import { labTemplate } from '../postfix/lab-templates.js';

describe('resubmitTarget', () => {
  it("takes ssmtp's mailhub from /etc/ssmtp/ssmtp.conf, port 25 unless given", () => {
    const words = ['/usr/sbin/ssmtp', '-i', '-f', '$SENDER', '--', '$@'];
    expect(submitterOf(words[0]!)).toBe('ssmtp');
    expect(configFileOf('ssmtp', words)).toBe('/etc/ssmtp/ssmtp.conf');
    expect(resubmitTarget('ssmtp', words, 'root=postmaster\nmailhub=localhost:11025\nFromLineOverride=YES\n')).toEqual({
      kind: 'smtp',
      host: 'localhost',
      port: 11025,
      source: 'mailhub=localhost:11025 in /etc/ssmtp/ssmtp.conf',
    });
    expect(resubmitTarget('ssmtp', ['ssmtp', '-C/etc/alt.conf'], 'mailhub=mail.example.com')).toMatchObject({
      host: 'mail.example.com',
      port: 25,
      source: 'mailhub=mail.example.com in /etc/alt.conf',
    });
    expect(resubmitTarget('ssmtp', words, null)).toBeNull();
    expect(resubmitTarget('ssmtp', words, '# nothing\n')).toBeNull();
  });

  it("takes msmtp's --host/--port, else the default account of its msmtprc", () => {
    expect(configFileOf('msmtp', ['msmtp', '--host=127.0.0.1'])).toBeNull();
    expect(resubmitTarget('msmtp', ['msmtp', '--host=127.0.0.1', '--port=11025'], null)).toMatchObject({
      host: '127.0.0.1',
      port: 11025,
    });
    const rc =
      'defaults\nport 25\naccount other\nhost other.example.com\naccount back\nhost 127.0.0.1\nport 11025\naccount default : back\n';
    expect(resubmitTarget('msmtp', ['/usr/bin/msmtp', '-t'], rc)).toMatchObject({ host: '127.0.0.1', port: 11025 });
    expect(resubmitTarget('msmtp', ['msmtp'], 'defaults\nhost localhost\n')).toMatchObject({
      host: 'localhost',
      port: 25,
    });
  });

  it("hands sendmail's mail to pickup", () => {
    expect(resubmitTarget('sendmail', ['/usr/sbin/sendmail', '-i'], null)).toEqual({
      kind: 'pickup',
      source: '/usr/sbin/sendmail (postdrop, then pickup)',
    });
  });
});

describe('wrapper scripts', () => {
  it("finds the msmtp call and the log file of the lab's /etc/postfix/ssmtp", () => {
    const script = labTemplate('servera', 'ssmtp');
    const call = wrappedCall(script);
    expect(call?.program).toBe('/usr/bin/msmtp');
    expect(resubmitTarget('msmtp', call!.words, null)).toMatchObject({ host: '127.0.0.1', port: 11025 });
    expect(scriptLogFiles(script)).toEqual(['/tmp/ssmtp.log']);
    expect(wrappedCall('#!/bin/sh\n# msmtp is not called here\nexit 0\n')).toBeNull();
  });
});
