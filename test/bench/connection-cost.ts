// What one SSH connection costs the machine (oxdoctor and the host together: both run here), with the
// host's key announcement taken as it is (oxdoctor's way, src/transport/host-key-announcement.ts) and
// with ssh2's default of asking the host to sign with each of its keys. The host has 3 host keys, as
// a stock OpenSSH install does. Rounds alternate, so both see the same machine.
// Run: npm run build && npm run bench:connection   (BENCH_ROUNDS, default 8, of 10 connections each way)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openExecChannel } from '../../src/transport/ssh/channel.js';
import { openSshConnection } from '../../src/transport/ssh/connect.js';
import { startSshd } from '../helpers/sshd.js';
import { busyMs, cpuTicks, median } from './measure.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const PER_ROUND = 10;

const sshd = await startSshd({ hostKeyTypes: ['ed25519', 'rsa', 'ecdsa'], extraConfig: ['LogLevel DEBUG1'] });
try {
  const knownHosts = path.join(sshd.dir, 'known_hosts_all');
  writeFileSync(knownHosts, Object.values(sshd.knownHostsLines).join('\n') + '\n');
  const target = {
    hostname: sshd.host,
    port: sshd.port,
    user: sshd.user,
    identityFiles: [sshd.clientKeyPath],
    knownHostsFiles: [knownHosts],
    connectTimeoutMs: 5000,
    keepaliveIntervalMs: 15000,
    maxChannels: 8,
  };
  const ways = {
    declined: { cpu: [] as number[], wall: [] as number[], proofs: 0 },
    asked: { cpu: [] as number[], wall: [] as number[], proofs: 0 },
  };
  const proofRequests = (): number => (sshd.log().match(/hostkeys-prove-00/g) ?? []).length;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, way] of Object.entries(ways)) {
      const proofsBefore = proofRequests();
      const ticks = cpuTicks();
      const started = performance.now();
      for (let i = 0; i < PER_ROUND; i++) {
        const c = await openSshConnection('bench', target, { hostKeyProofs: name === 'asked' });
        const channel = await openExecChannel(c.client, 'true');
        channel.resume();
        await new Promise((resolve) => channel.on('close', resolve));
        c.client.end();
      }
      way.wall.push((performance.now() - started) / PER_ROUND);
      way.cpu.push(busyMs(ticks, cpuTicks()) / PER_ROUND);
      way.proofs += proofRequests() - proofsBefore;
    }
  }
  const n = ROUNDS * PER_ROUND;
  for (const [name, way] of Object.entries(ways)) {
    process.stdout.write(
      `host key proofs ${name}: machine CPU per connection median ${median(way.cpu).toFixed(1)} ms, ` +
        `connect + first command ${median(way.wall).toFixed(1)} ms (${ROUNDS} rounds of ${PER_ROUND}); sshd saw ${way.proofs} proof requests in ${n} connections\n`,
    );
  }
} finally {
  await sshd.stop();
}
