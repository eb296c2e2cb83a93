// The latency lab's fallback when the kernel has no sch_netem (see lib/latency.sh): a TCP proxy per lab sshd
// that delays every chunk by the one-way delay in each direction, so a client pays round trips as across a WAN.
// The TCP handshake is emulated too: the proxy accepts at once (the kernel completes the handshake), so it
// connects upstream only after 3 one-way delays, when a real server would accept (SYN, SYN-ACK, ACK) and its
// first bytes reach the client 2 RTT after connect(), as they do over the wire.
// usage: node delay-proxy.mjs ONE_WAY_MS LISTEN_ADDR:PORT=TARGET_ADDR:PORT ...
import net from 'node:net';
import process from 'node:process';
import { setTimeout } from 'node:timers';

const oneWay = Number(process.argv[2]);
const routes = process.argv.slice(3).map((spec) => {
  const [from, to] = spec.split('=');
  const [listenHost, listenPort] = from.split(':');
  const [targetHost, targetPort] = to.split(':');
  return { listenHost, listenPort: Number(listenPort), targetHost, targetPort: Number(targetPort) };
});
if (!Number.isFinite(oneWay) || oneWay < 0 || routes.length === 0) {
  process.stderr.write('usage: node delay-proxy.mjs ONE_WAY_MS LISTEN_ADDR:PORT=TARGET_ADDR:PORT ...\n');
  process.exit(2);
}

// Chunks keep their order: every chunk waits the same delay and Node fires equal timers in creation order.
function later(fn) {
  if (oneWay === 0) fn();
  else setTimeout(fn, oneWay);
}

function relay(client, route) {
  client.setNoDelay(true);
  let upstream = null;
  const pending = []; // client bytes that arrived before the emulated handshake let the server see them
  const closeBoth = () => later(() => (client.destroy(), upstream?.destroy()));
  client.on('data', (chunk) => later(() => (upstream ? upstream.write(chunk) : pending.push(chunk))));
  client.on('end', () => later(() => (upstream ? upstream.end() : pending.push(null))));
  client.on('error', closeBoth);
  setTimeout(() => {
    if (client.destroyed) return;
    upstream = net.connect({ host: route.targetHost, port: route.targetPort });
    upstream.setNoDelay(true);
    for (const chunk of pending.splice(0)) {
      if (chunk === null) upstream.end();
      else upstream.write(chunk);
    }
    upstream.on('data', (chunk) => later(() => client.destroyed || client.write(chunk)));
    upstream.on('end', () => later(() => client.destroyed || client.end()));
    upstream.on('error', closeBoth);
    upstream.on('close', closeBoth);
  }, 3 * oneWay);
  client.on('close', closeBoth);
}

let listening = 0;
for (const route of routes) {
  const server = net.createServer((client) => relay(client, route));
  server.on('error', (err) => {
    process.stderr.write(`delay-proxy: ${route.listenHost}:${route.listenPort}: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(route.listenPort, route.listenHost, () => {
    if (++listening === routes.length) process.stdout.write(`delay-proxy: ${oneWay} ms each way, ready\n`);
  });
}
process.on('SIGTERM', () => process.exit(0));
