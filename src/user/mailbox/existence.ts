// The mailbox step: whether the user's INBOX exists on this host against what the seed expects there, and what a
// missing one means for mail (cyrus creates it on the first delivery only with autocreate on post).
import type { Step } from '../../core/result.js';
import { imapdOption, imapdSwitch, type ImapdConf } from '../../cyrus/imapd-conf.js';
import { IMAPD_CONF_PATH } from '../../facts/imapd-conf.js';
import type { MailboxExpectation } from './expectation.js';

export interface Existence {
  readonly host: string;
  readonly login: string;
  readonly inbox: string; // "user/test1001"
  readonly exists: boolean;
  readonly expectation: MailboxExpectation;
  readonly archive: boolean; // server B
  readonly conf: ImapdConf | null;
}

export function existenceStep(e: Existence): Step {
  const name = 'mailbox';
  const where = `${e.host}: ${e.login}'s mailbox ${e.inbox}`;
  if (e.exists && e.expectation.expected) return { name, status: 'ok', summary: `${where} exists` };
  if (!e.exists && !e.expectation.expected)
    return { name, status: 'ok', summary: `${e.host}: no mailbox for ${e.login}, as expected: ${e.expectation.why}` };
  if (e.exists) {
    const stale = e.expectation.leftover === true;
    return {
      name,
      status: stale ? 'warn' : 'ok',
      summary: `${where} exists though none is expected: ${e.expectation.why}`,
      ...(stale
        ? {
            hint: `mail for ${e.login} no longer reaches it: if the user left OX, archive and delete it (cyradm: dm ${e.inbox}, after setacl for the admin)`,
          }
        : {}),
    };
  }
  const mail = e.archive ? 'the archive copies and sent copies for it' : 'mail for it';
  const onPost = createsOnPost(e.conf);
  if (onPost)
    return {
      name,
      status: 'warn',
      summary: `${e.host}: ${e.login} has no mailbox (${e.inbox}) yet; cyrus creates it with the first mail (${onPost})`,
      hint: `expected: ${e.expectation.why}; if the user had mail before, the mailbox was deleted: restore it from backup`,
    };
  return {
    name,
    status: 'crit',
    summary: `${e.host}: ${e.login} has no mailbox (${e.inbox}): lmtpd refuses ${mail} (mailbox does not exist) and postfix bounces it`,
    hint: `create it: a first login of the user (OX webmail) autocreates it, or cyradm: cm ${e.inbox} (expected: ${e.expectation.why})`,
  };
}

// "autocreate_post: yes" (3.x, with autocreate_quota >= 0) or "createonpost: 1" (2.3), else undefined.
function createsOnPost(conf: ImapdConf | null): string | undefined {
  if (!conf) return undefined;
  if (imapdSwitch(conf, 'createonpost') === true) return `${IMAPD_CONF_PATH} createonpost`;
  const quota = Number(imapdOption(conf, 'autocreate_quota', 'autocreatequota') ?? '-1');
  if (imapdSwitch(conf, 'autocreate_post') === true && quota >= 0) return `${IMAPD_CONF_PATH} autocreate_post`;
  return undefined;
}
