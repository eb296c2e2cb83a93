// --obfuscate's throughput on a maillog-like text (postfix, cyrus, saslauthd, amavis lines of a site with
// thousands of users), fed in 64 KiB chunks of whole lines as the bundle's stream does. Prints one JSON line:
// MB/s with the config's few logins known, and with every mailbox owner known (the cyrus pre-pass), the best of
// BENCH_ROUNDS (default 5) rounds each, alternating (a shared machine's other load shows as a slow round).
// Args: [MB of text, default 100] [known users, default 10000]. Run: node dist/test/bench/obfuscate.js
import { Obfuscator } from '../../src/bundle/obfuscate.js';

const MB = Number(process.argv[2] ?? 100);
const USERS = Number(process.argv[3] ?? 10_000);
const CHUNK = 64 * 1024;
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));

// Logins as sites have them (jdoe, mmueller7, ...): distinct, 3 to 9 letters and maybe a digit, from i. Names
// with a common prefix (test1000 ...) would flatter a regex of all names.
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const SYLLABLES = ['an', 'be', 'ch', 'da', 'el', 'fi', 'go', 'ha', 'in', 'jo', 'ka', 'lu', 'mo', 'ne', 'or', 'pe'];
const login = (i: number): string => {
  let name = `${LETTERS[i % 26]!}${LETTERS[Math.floor(i / 26) % 26]!}`;
  for (let k = Math.floor(i / 676) + 1; k > 0; k = Math.floor(k / 16)) name += SYLLABLES[k % 16]!;
  return i % 3 === 0 ? `${name}${i % 10}` : name;
};
const pick = (n: number, i: number): number => (i * 2654435761) % n;

function line(i: number): string {
  const u = login(pick(USERS, i));
  const id = (0x10000 + ((i * 7919) % 0xfffff)).toString(16).toUpperCase();
  const t = `Dec  7 05:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
  switch (i % 8) {
    case 0:
      return `${t} node8888 postfix/smtpd[2211]: ${id}: client=unknown[192.168.109.${i % 250}], sasl_method=PLAIN, sasl_username=${u}`;
    case 1:
      return `${t} node8888 postfix/qmgr[1200]: ${id}: from=<${u}@example.com>, size=${1000 + (i % 9000)}, nrcpt=1 (queue active)`;
    case 2:
      return (
        `${t} node8888 postfix/lmtp[3312]: ${id}: to=<${u}@example.com>, relay=node8888.example.com[127.0.10.2]:24, ` +
        `delay=0.11, delays=0.05/0/0.01/0.05, dsn=2.1.5, status=sent (250 2.1.5 Ok SESSIONID=<cyrus-${i}-1>)`
      );
    case 3:
      return `${t} node8888 cyrus/imap[7568]: login: node8888.example.com [127.0.10.2] ${u} PLAIN User logged in SESSIONID=<cyrus-${i}-2>`;
    case 4:
      return `${t} node8888 cyrus/lmtpunix[6601]: Delivered: <${id}.${i}@relay.example.com> to mailbox: user.${u}`;
    case 5:
      return `${t} node8888 saslauthd[624]: do_auth         : auth success: [user=${u}] [service=imap] [realm=] [mech=kerberos5]`;
    case 6:
      return (
        `${t} relay amavis[2890]: (02890-${String(i % 100).padStart(2, '0')}) Passed CLEAN {RelayedInbound}, ` +
        `[10.20.30.${i % 250}]:4711 [10.20.30.${i % 250}] <news@lists.example.org> -> <${u}@example.com>, Queue-ID: ${id}, ` +
        `Message-ID: <${i}.${id}@lists.example.org>, mail_id: Zx${id}, Hits: -, size: 4242, 31 ms`
      );
    default:
      return `${t} node8888 cyrus/imap[7568]: USAGE ${u} user: 0.010000 sys: 0.020000`;
  }
}

function chunks(): string[] {
  const out: string[] = [];
  let cur = '';
  let total = 0;
  for (let i = 0; total < MB * 1e6; i++) {
    const l = `${line(i)}\n`;
    cur += l;
    total += l.length;
    if (cur.length >= CHUNK) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

function run(text: readonly string[], users: readonly string[]): number {
  const o = new Obfuscator({
    domains: ['example.com', 'ad.example.com'],
    hostnames: ['servera', 'node8888', 'relay.example.com', 'serverb'],
    users,
  });
  const start = process.hrtime.bigint();
  let bytes = 0;
  for (const c of text) bytes += o.text(c).length;
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  return Math.round((bytes / 1e6 / s) * 10) / 10;
}

const text = chunks();
const few = ['svc-postfix', 'test1001', 'oxadmin', 'cyrus', 'anna'];
const many = Array.from({ length: USERS }, (_, i) => login(i));
const best = { few: 0, many: 0 };
for (let r = 0; r < ROUNDS; r++) {
  best.few = Math.max(best.few, run(text, few));
  best.many = Math.max(best.many, run(text, many));
}
const figures = { mb: MB, knownUsers: USERS, rounds: ROUNDS, fewUsersMBps: best.few, manyUsersMBps: best.many };
process.stdout.write(`${JSON.stringify(figures)}\n`);
