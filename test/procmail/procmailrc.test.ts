// procmailrc parsing on the seed's two rcfiles (server A pipes to ssmtp, server B to sendmail) and the lab's.
import { describe, expect, it } from 'vitest';
import {
  argumentFiles,
  parseProcmailrc,
  pipeProgram,
  pipeRecipes,
  shellWords,
  variable,
} from '../../src/procmail/procmailrc.js';
import { labTemplate } from '../postfix/lab-templates.js';

// The seed's "procmailrc server A" section, as printed in the deployment guide.
const SEED_A = `LOGFILE=/tmp/procmail.log
VERBOSE=no

SENDER=$1
SHIFT=1
:0 hbfwi
| /usr/bin/altermime --force-for-bad-html --input=- --disclaimer=/etc/postfix/disclaimer.txt --disclaimer-html=/etc/postfix/disclaimer.txt

:0
| /usr/sbin/ssmtp -i -f "$SENDER" -- "$@"
`;

const SEED_B = SEED_A.replace('/usr/sbin/ssmtp', '/usr/sbin/sendmail');

describe('parseProcmailrc', () => {
  it("reads the seed's server A rcfile: variables, the altermime filter and the delivering ssmtp pipe", () => {
    const rc = parseProcmailrc(SEED_A);
    expect(rc.assignments.map((a) => [a.name, a.value])).toEqual([
      ['LOGFILE', '/tmp/procmail.log'],
      ['VERBOSE', 'no'],
      ['SENDER', '$1'],
      ['SHIFT', '1'],
    ]);
    expect(variable(rc, 'LOGFILE')).toBe('/tmp/procmail.log');
    const [filter, deliver] = pipeRecipes(rc);
    expect(filter).toMatchObject({ line: 6, actionLine: 7, flags: 'hbfwi', delivering: false });
    expect(deliver).toMatchObject({ line: 9, actionLine: 10, flags: '', delivering: true });
    if (filter?.action.kind !== 'pipe' || deliver?.action.kind !== 'pipe') throw new Error('pipes expected');
    expect(pipeProgram(rc, filter.action.words)).toBe('/usr/bin/altermime');
    expect(argumentFiles(filter.action.words)).toEqual(['/etc/postfix/disclaimer.txt']);
    expect(deliver.action.words).toEqual(['/usr/sbin/ssmtp', '-i', '-f', '$SENDER', '--', '$@']);
    expect(argumentFiles(deliver.action.words)).toEqual([]);
  });

  it("reads server B's rcfile, which hands mail back with sendmail", () => {
    const rc = parseProcmailrc(SEED_B);
    const last = pipeRecipes(rc)
      .filter((r) => r.delivering)
      .at(-1);
    if (last?.action.kind !== 'pipe') throw new Error('pipe expected');
    expect(pipeProgram(rc, last.action.words)).toBe('/usr/sbin/sendmail');
  });

  it("reads the lab's server A rcfile with its comment and the ssmtp wrapper", () => {
    const rc = parseProcmailrc(labTemplate('servera', 'procmailrc'));
    const pipes = pipeRecipes(rc);
    expect(pipes.map((r) => (r.action.kind === 'pipe' ? pipeProgram(rc, r.action.words) : null))).toEqual([
      '/usr/bin/altermime',
      '/etc/postfix/ssmtp',
    ]);
    expect(pipes.map((r) => r.actionLine)).toEqual([7, 11]);
  });

  it('follows nested blocks, conditions, forwards, mailboxes, continuations and $SENDMAIL', () => {
    const rc = parseProcmailrc(
      [
        'SENDMAIL=/usr/lib/sendmail',
        ':0:',
        '* ^Subject:.*spam',
        '/var/mail/spam',
        ':0',
        '* ^To:.*boss',
        '{',
        '  :0 c',
        '  ! archive@example.com',
        '  :0',
        '  | /opt/bin/filter \\',
        '    --conf=/etc/filter.conf',
        '}',
        ':0',
        '| $SENDMAIL -oi -t',
      ].join('\n'),
    );
    expect(rc.recipes.map((r) => r.action.kind)).toEqual(['mailbox', 'block', 'pipe']);
    expect(rc.recipes[0]?.conditions).toEqual(['^Subject:.*spam']);
    const pipes = pipeRecipes(rc);
    expect(pipes).toHaveLength(2);
    if (pipes[0]?.action.kind !== 'pipe' || pipes[1]?.action.kind !== 'pipe') throw new Error('pipes expected');
    expect(argumentFiles(pipes[0].action.words)).toEqual(['/etc/filter.conf']);
    expect(pipeProgram(rc, pipes[1].action.words)).toBe('/usr/lib/sendmail');
    expect(pipeProgram(parseProcmailrc(''), ['$SENDMAIL'])).toBe('/usr/sbin/sendmail');
  });
});

describe('shellWords', () => {
  it('groups quoted words and keeps variables unexpanded', () => {
    expect(shellWords(`/usr/sbin/ssmtp -i -f "$SENDER" -- "$@"`)).toEqual([
      '/usr/sbin/ssmtp',
      '-i',
      '-f',
      '$SENDER',
      '--',
      '$@',
    ]);
    expect(shellWords(`a 'b c' "d \\"e\\"" f\\ g ""`)).toEqual(['a', 'b c', 'd "e"', 'f g', '']);
  });
});
