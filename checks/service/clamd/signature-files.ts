// service/clamd's second step: the age of the newest signature database file in clamd's DatabaseDirectory
// (what check_file_age on daily.cvd tells), judged with clamd.signatureAgeHours.
import type { CheckContext } from '../../../src/core/check.js';
import type { Metric, Step } from '../../../src/core/result.js';
import { evaluate } from '../../../src/core/thresholds.js';
import { formatAge } from '../../../src/core/time-text.js';
import { clamdDatabases, DEFAULT_DATABASE_DIRS, type SignatureFile } from '../../../src/facts/clamd-databases.js';

type Limits = { warn: string; crit: string };

export async function signatureFilesStep(
  ctx: CheckContext,
  configured: string | undefined,
  confPath: string,
  limits: Limits,
  metrics: Metric[],
): Promise<Step> {
  const candidates = configured ? [configured] : DEFAULT_DATABASE_DIRS;
  const db = await clamdDatabases(ctx, candidates);
  const name = 'signature files';
  if (!db.directory) {
    return {
      name,
      status: 'crit',
      summary: `clamd's DatabaseDirectory ${candidates.join(' or ')} does not exist on ${ctx.host.name} (${configured ? `set in ${confPath}` : 'default'})`,
      hint: `set DatabaseDirectory in ${confPath} to where freshclam writes (DatabaseDirectory in freshclam.conf) and restart clamd`,
    };
  }
  // Official databases when there are any (freshclam keeps them current); else the local ones are all there is.
  const official = db.files.filter((f) => f.official);
  const judged = official.length > 0 ? official : db.files;
  const newest = judged.reduce<SignatureFile | undefined>((a, f) => (!a || f.mtime > a.mtime ? f : a), undefined);
  if (!newest || db.hostNow === null) {
    return {
      name,
      status: 'crit',
      summary: `no signature database files (*.cvd, *.cld, *.ndb ...) in ${db.directory} on ${ctx.host.name}`,
      hint: `run freshclam (or install the site's local signatures into ${db.directory}) and restart clamd`,
    };
  }
  const hours = Math.round(((db.hostNow - newest.mtime) / 3600) * 10) / 10;
  metrics.push({ label: 'signature_files_age', value: hours, unit: '', warn: limits.warn, crit: limits.crit, min: 0 });
  const status = evaluate(hours, limits.warn, limits.crit);
  const kind = official.length > 0 ? 'official' : 'local';
  const age = formatAge(Math.max(0, db.hostNow - newest.mtime) * 1000);
  const summary = `newest ${kind} signature file ${newest.path} is ${hours} h old (${age}; expected under ${limits.warn} h)`;
  if (status === 'ok') return { name, status, summary };
  const hint =
    kind === 'official'
      ? `signatures are stale: run freshclam and check its cron job or daemon, its log and proxy settings (ls -l ${db.directory})`
      : `only local signatures are loaded and none changed for ${age}: refresh them from their source into ${db.directory} and reload clamd (clamdscan --reload), or add freshclam`;
  return { name, status, summary, hint };
}
