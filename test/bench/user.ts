// Issue 17's bar: `oxdoctor user test1001` (no --send) on the lab, median wall time (target < 1.5 s), side by side in
// the same run with the same work done by hand with the seed's tools from this admin machine, one after the other as
// an engineer types them: ldapsearch for the user in AD; on each postfix host `postmap -q` of every address against
// every map main.cf names (one ssh per host, a shell loop); kinit on server A (password on stdin); the IMAP login by
// `openssl s_client -starttls imap`; listuser on server A. Also all of them at once (a script's best case).
// Run: npm run build && flock /tmp/oxdoctor-lab.lock npm run bench:user    BENCH_ROUNDS=N (5)  BENCH_USER=login
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/index.js';
import { busyMs, cpuTicks, median } from './measure.js';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const USER = process.env.BENCH_USER ?? 'test1001';
const BAR_MS = 1500;
const SEND_BAR_MS = 10_000;
const CONFIG = fileURLToPath(new URL('../../../test/lab/oxdoctor.yaml', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const out = (line = ''): void => void process.stdout.write(`${line}\n`);

interface Timed {
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
}

function run(argv: readonly string[], stdin = ''): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, stdout }));
    child.stdin.end(stdin);
  });
}

const site = await loadConfig({ explicitPath: CONFIG });
const secret = (file: string) => readFileSync(file, 'utf8').trim();
const sshOf = (name: string) => {
  const t = site.hosts.find((h) => h.name === name)!.transport;
  if (t.kind !== 'ssh') throw new Error(`${name} is not reached over SSH`);
  return t.ssh;
};
const ssh = sshOf(site.hosts[0]!.name);
// The lab's state directory holds ssh/ (the config's key) and secrets/.
const secretsDir = join(dirname(dirname(ssh.identityFiles[0]!)), 'secrets');
const sshArgv = (address: string, command: string) => [
  'ssh',
  '-i',
  ssh.identityFiles[0]!,
  '-o',
  `UserKnownHostsFile=${ssh.knownHostsFiles[0]}`,
  '-o',
  'BatchMode=yes',
  `${ssh.user}@${address}`,
  command,
];
const addr = (name: string) => sshOf(name).hostname;
const userPw = secret(`${secretsDir}/${USER}.pw`);
const adminPw = site.ox!.adminPassword!.reveal();
const ldap = site.endpoints.ldap!;
const addresses = [`${USER}@oxmail.example.com`, `${USER}@example.com`, `${USER}@example.org`];
const maps =
  'relay_recipient_maps transport_maps virtual_alias_maps recipient_bcc_maps sender_bcc_maps ' +
  'smtpd_sender_restrictions recipient_canonical_maps';
const postmapLoop =
  `for m in $(postconf -h ${maps} 2>/dev/null | tr ', ' '\\n\\n' | grep ':'); do ` +
  `for a in ${addresses.join(' ')}; do printf '%s %s: ' "$m" "$a"; postmap -q "$a" "$m" || echo; done; done`;

// The manual steps, each a command line as typed (the seed's tools; its listuser takes -P in argv).
const manual: ReadonlyArray<{ name: string; argv: string[]; stdin?: string }> = [
  {
    name: 'ldapsearch (AD)',
    argv: [
      'ldapsearch',
      '-x',
      '-LLL',
      '-H',
      ldap.url,
      '-D',
      ldap.bindDn!,
      '-y',
      `${secretsDir}/ldap-bind.pw`,
      '-b',
      ldap.baseDn!,
      `(sAMAccountName=${USER})`,
      'mail',
      'proxyAddresses',
      'extensionAttribute1',
      'userAccountControl',
    ],
  },
  ...site.hosts
    .filter((h) => h.name !== 'servera2')
    .map((h) => ({ name: `postmap -q on ${h.name}`, argv: sshArgv(addr(h.name), postmapLoop) })),
  { name: 'kinit on servera', argv: sshArgv(addr('servera'), `kinit ${USER} && kdestroy`), stdin: `${userPw}\n` },
  {
    name: 'IMAP login (openssl s_client)',
    argv: ['openssl', 's_client', '-connect', `${addr('servera')}:143`, '-starttls', 'imap', '-quiet', '-crlf'],
    stdin: `a login ${USER} ${userPw}\nb logout\n`,
  },
  {
    name: 'listuser on servera',
    argv: sshArgv(addr('servera'), `/opt/open-xchange/sbin/listuser -c 1 -A oxadmin -P '${adminPw}' -s ${USER}`),
  },
];

async function byHand(): Promise<{ total: number; steps: number[] }> {
  const steps: number[] = [];
  for (const step of manual) steps.push((await run(step.argv, step.stdin)).ms);
  return { total: steps.reduce((a, b) => a + b, 0), steps };
}

async function atOnce(): Promise<number> {
  const started = performance.now();
  await Promise.all(manual.map((s) => run(s.argv, s.stdin)));
  return performance.now() - started;
}

async function oxdoctor(): Promise<Timed & { reportMs: number; checks: number; status: string }> {
  const r = await run(['node', CLI, 'user', '--config', CONFIG, USER, '--format', 'json']);
  const doc = JSON.parse(r.stdout) as { durationMs: number; status: string; hops: { results: unknown[] }[] };
  return {
    ...r,
    reportMs: doc.durationMs,
    status: doc.status,
    checks: doc.hops.reduce((n, h) => n + h.results.length, 0),
  };
}

out(
  `user bench: ${USER}, ${ROUNDS} rounds, ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const ox: number[] = [];
const oxReport: number[] = [];
const oxCpu: number[] = [];
const hand: number[] = [];
const handSteps: number[][] = [];
const parallel: number[] = [];
let last: Awaited<ReturnType<typeof oxdoctor>> | undefined;
await oxdoctor(); // warm the page cache and the hosts' sshd
for (let i = 0; i < ROUNDS; i++) {
  const t0 = cpuTicks();
  last = await oxdoctor();
  oxCpu.push(busyMs(t0, cpuTicks()));
  ox.push(last.ms);
  oxReport.push(last.reportMs);
  const h = await byHand();
  hand.push(h.total);
  handSteps.push(h.steps);
  parallel.push(await atOnce());
}
const row = (name: string, values: readonly number[]) =>
  out(
    `${name.padEnd(44)} ${median(values).toFixed(0).padStart(6)} ms   runs ${values.map((v) => v.toFixed(0)).join(' ')}`,
  );
out();
row(`oxdoctor user ${USER} (whole process)`, ox);
row('  of which the report (AD lookup + sweep)', oxReport);
row('  machine-wide CPU during it (all cores)', oxCpu);
row('by hand with the seed tools, one after another', hand);
manual.forEach((s, i) =>
  row(
    `  ${s.name}`,
    handSteps.map((steps) => steps[i]!),
  ),
);
row('the same commands all at once', parallel);
out();
out(
  `oxdoctor ran ${last?.checks} checks and probes (status ${last?.status}); the manual steps answer a fraction of them`,
);
// --send from the command line, with the password: the sweep and the test messages, until every copy (INBOX on A,
// archive on B, the sent copy's INBOX and Sent Items) is seen and reported, then deleted (bar 10 s).
const sendRuns: number[] = [];
const sendCopies: string[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const r = await run(
    ['node', CLI, 'user', '--config', CONFIG, USER, '--password-stdin', '--send', '--format', 'json'],
    `${userPw}\n`,
  );
  const doc = JSON.parse(r.stdout) as { send: { status: string; messages: { copies: { status: string }[] }[] } | null };
  sendRuns.push(r.ms);
  const copies = doc.send?.messages.flatMap((m) => m.copies) ?? [];
  sendCopies.push(`${copies.filter((c) => c.status === 'ok').length}/${copies.length} copies OK`);
}
row(`oxdoctor user ${USER} --password-stdin --send`, sendRuns);
out(`  copies seen per run: ${sendCopies.join(', ')}`);
const sendPass = median(sendRuns) < SEND_BAR_MS && sendCopies.every((c) => /^(\d+)\/\1 /.test(c));
out(
  `${sendPass ? 'PASS' : 'FAIL'}  --send: median ${median(sendRuns).toFixed(0)} ms for the whole command (bar ${SEND_BAR_MS} ms)`,
);
const pass = median(ox) < BAR_MS;
out(
  `${pass ? 'PASS' : 'FAIL'}  oxdoctor user ${USER}: median ${median(ox).toFixed(0)} ms (bar ${BAR_MS} ms); ` +
    `by hand ${median(hand).toFixed(0)} ms, all at once ${median(parallel).toFixed(0)} ms`,
);
process.exitCode = pass && sendPass ? 0 : 1;
