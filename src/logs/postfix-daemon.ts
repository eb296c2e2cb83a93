// Lines a postfix daemon writes about itself rather than about a message: master's start, reload and stop,
// anvil's and scache's statistics, postscreen's verdicts on a connection, dnsblog's hits, cache cleanups,
// postsuper's totals and table reloads.
import type { Classified } from './postfix-delivery.js';
import { type MessageShape, matchShapes } from './postfix-patterns.js';

const SCREEN_PEER = String.raw`(\[[^\]]*\](?::\d+)?)`;
const SCREEN_TESTS = [
  'PREGREET',
  'HANGUP',
  'DNSBL',
  String.raw`COMMAND \w+ LIMIT`,
  'NON-SMTP COMMAND',
  'BARE NEWLINE',
  'COMMAND PIPELINING',
].join('|');

const SHAPES: readonly MessageShape[] = [
  {
    re: /^daemon started -- version (\S+), configuration (\S+)$/,
    kind: 'started',
    groups: ['version', 'config_directory'],
  },
  { re: /^reload -- version (\S+), configuration (\S+)$/, kind: 'reload', groups: ['version', 'config_directory'] },
  { re: /^reload configuration (\S+)$/, kind: 'reload', groups: ['config_directory'] },
  { re: /^terminating on signal (\d+)$/, kind: 'stopped', groups: ['signal'] },
  // postfix-script, run by "postfix start|stop|reload|status"
  { re: /^(starting|stopping|refreshing) the Postfix mail system$/, kind: 'control', groups: ['action'] },
  { re: /^the Postfix mail system is running: PID: (\d+)$/, kind: 'running', groups: ['master_pid'] },
  { re: /^the Postfix mail system is not running$/, kind: 'not-running', level: 'warn', groups: [] },
  { re: /^waiting for the Postfix mail system to terminate$/, kind: 'control', groups: [] },
  { re: /^statistics: (.*)$/, kind: 'statistics', groups: ['text'] },
  // debug_peer_list's transcript of a session: "< client[addr]: EHLO x", "> client[addr]: 250 ..."
  { re: /^([<>]) (\S+\[[^\]]*\](?::\d+)?): (.*)$/, kind: 'debug', groups: ['direction', 'client', 'text'] },
  {
    re: new RegExp(`^CONNECT from ${SCREEN_PEER}(?: to ${SCREEN_PEER})?$`),
    kind: 'connect',
    groups: ['client', 'server'],
  },
  { re: new RegExp(`^DISCONNECT ${SCREEN_PEER}$`), kind: 'disconnect', groups: ['client'] },
  { re: new RegExp(`^PASS (OLD|NEW) ${SCREEN_PEER}$`), kind: 'pass', groups: ['screen', 'client'] },
  {
    re: new RegExp(`^(WHITELISTED|ALLOWLISTED) ${SCREEN_PEER}$`),
    kind: 'allowlisted',
    groups: ['screen', 'client'],
  },
  {
    re: new RegExp(`^(BLACKLISTED|DENYLISTED) ${SCREEN_PEER}$`),
    kind: 'denylisted',
    level: 'notice',
    groups: ['screen', 'client'],
  },
  {
    re: new RegExp(`^((?:WHITE|ALLOW|BLACK|DENY)LIST VETO) ${SCREEN_PEER}$`),
    kind: 'veto',
    groups: ['screen', 'client'],
  },
  {
    re: new RegExp(`^(${SCREEN_TESTS})\\b(.*?)${SCREEN_PEER}(.*)$`, 's'),
    kind: 'screen',
    level: 'notice',
    groups: ['screen', 'text', 'client', 'detail'],
  },
  { re: /^addr (\S+) listed by domain (\S+) as (\S+)$/, kind: 'dnsbl-listed', groups: ['address', 'dnsbl', 'reply'] },
  {
    re: /^cache (.*) (full|partial) cleanup: retained=(\d+) dropped=(\d+) entries$/,
    kind: 'cache-cleanup',
    groups: ['cache', 'cleanup', 'retained', 'dropped'],
  },
  {
    re: /^(Deleted|Requeued|Placed on hold|Released from hold|Expired): (\d+) messages?$/,
    kind: 'postsuper-summary',
    groups: ['operation', 'count'],
  },
  { re: /^table (\S+) has changed -- restarting$/, kind: 'table-changed', groups: ['table'] },
];

export function parseDaemon(rest: string): Classified | undefined {
  const c = matchShapes(SHAPES, rest);
  // "PREGREET 14 after 0.08 from [ip]:port: EHLO x": the words around the peer without their glue
  if (c?.kind === 'screen') {
    const text = c.fields.text!.replace(/\s*\b(?:from|for)\s*$/, '').trim();
    const detail = c.fields.detail!.replace(/^:?\s*/, '');
    delete c.fields.text;
    delete c.fields.detail;
    if (text) c.fields.text = text;
    if (detail) c.fields.detail = detail;
  }
  return c;
}
