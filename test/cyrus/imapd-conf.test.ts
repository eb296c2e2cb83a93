import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imapdOption, imapdSwitch, parseImapdConf } from '../../src/cyrus/imapd-conf.js';

// The options the seed changed on servers A and B (cyrus 2.3 spellings).
const SEED = `# seed
sasl_mech_list: PLAIN LOGIN
allowplaintext: 1
autocreateinboxfolders: Drafts|Sent Items|Junk|Trash
unixhierarchysep: 1
autocreate_sieve_script: /opt/open-xchange/etc/groupware/Open-Xchange.script
duplicatesuppression: 0
`;

describe('parseImapdConf', () => {
  it('reads key: value lines, keeping spaces inside values', () => {
    const conf = parseImapdConf(SEED);
    expect(conf.options.get('sasl_mech_list')).toBe('PLAIN LOGIN');
    expect(conf.options.get('autocreateinboxfolders')).toBe('Drafts|Sent Items|Junk|Trash');
    expect(conf.lines.get('allowplaintext')).toBe(3);
  });

  it('reads cyrus switches in all their spellings', () => {
    const conf = parseImapdConf('a: yes\nb: 0\nc: on\nd: maybe\n');
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => imapdSwitch(conf, k))).toEqual([
      true,
      false,
      true,
      undefined,
      undefined,
    ]);
  });

  it('finds an option by its 2.3 or its 3.x name', () => {
    const conf = parseImapdConf(SEED);
    expect(imapdOption(conf, 'autocreate_inbox_folders', 'autocreateinboxfolders')).toBe(
      'Drafts|Sent Items|Junk|Trash',
    );
  });

  const corpus = join(import.meta.dirname, '../../../shared/corpus/cyrus');
  describe.skipIf(!existsSync(corpus))('on the corpus', () => {
    it('reads the pykolab imapd.conf template with its $placeholders', () => {
      const conf = parseImapdConf(readFileSync(join(corpus, 'pykolab_imapd.conf.tpl'), 'utf8'));
      expect(conf.options.get('configdirectory')).toBe('$configdirectory');
      expect(conf.options.get('ptloader_sock')).toBe('/var/lib/imap/socket/ptsock');
      expect(conf.options.has('qosmarking')).toBe(false); // commented out
      expect(imapdSwitch(conf, 'lmtp_fuzzy_mailbox_match')).toBe(true);
    });
  });

  const system = '/etc/imapd.conf';
  it.skipIf(!existsSync(system))("reads Debian's imapd.conf", () => {
    const conf = parseImapdConf(readFileSync(system, 'utf8'));
    expect(conf.options.get('configdirectory')).toMatch(/^\//);
    expect(imapdSwitch(conf, 'unixhierarchysep')).toBeTypeOf('boolean');
  });
});
