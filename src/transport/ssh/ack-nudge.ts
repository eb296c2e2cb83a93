// OpenSSH's sshd leaves Nagle's algorithm on for sessions without a terminal. Right after authentication
// it sends several small packets in a row (its host keys, notes on the key's options), and the answer
// the client then waits for (channel open, exec) is held back until the client ACKs them. Linux delays
// that ACK by 40 ms when it has nothing to send: seen on about half the connections here, the first
// command waited 45 to 50 ms instead of 2 to 10.
//
// While a connection starts, each burst of packets that the client does not answer itself is answered
// with SSH_MSG_IGNORE, which the protocol lets either side send at any time and which carries the ACK.
// ssh2 has no call for IGNORE, so the packet is built with its own packet writer (pinned version).
import type { Socket } from 'node:net';
import type { Client } from 'ssh2';

const SSH_MSG_IGNORE = 2;
// A bound in case the caller never says the start is over.
const NUDGE_MAX_MS = 2000;

interface PacketWriter {
  readonly allocStart: number;
  alloc(size: number): Buffer;
  finalize(packet: Buffer): Buffer;
}
interface ProtocolInternals {
  readonly _kexinit?: unknown;
  readonly _packetRW?: { readonly write: PacketWriter };
  readonly _cipher?: { encrypt(packet: Buffer): void };
}

export interface AckNudge {
  stop(): void;
  readonly sent: number;
}

export function startAckNudge(client: Client, sock: Socket): AckNudge {
  let queued = false;
  let stopped = false;
  const nudge = { sent: 0, stop };
  const onData = (): void => {
    if (queued) return;
    queued = true;
    const written = sock.bytesWritten;
    setImmediate(() => {
      queued = false;
      // A reply the client sent meanwhile carried the ACK already.
      if (stopped || sock.destroyed || sock.bytesWritten !== written) return;
      if (sendIgnore(client)) nudge.sent++;
    });
  };
  const timer = setTimeout(stop, NUDGE_MAX_MS);
  timer.unref();
  sock.prependListener('data', onData); // before ssh2's own listener, which may answer at once
  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    sock.off('data', onData);
  }
  return nudge;
}

function sendIgnore(client: Client): boolean {
  const proto = (client as unknown as { _protocol?: ProtocolInternals })._protocol;
  const writer = proto?._packetRW?.write;
  // During a key exchange ssh2 queues packets itself; a nudge then is not worth the risk.
  if (!proto || !writer || !proto._cipher || proto._kexinit !== undefined) return false;
  try {
    const at = writer.allocStart;
    const packet = writer.alloc(1 + 4);
    packet[at] = SSH_MSG_IGNORE;
    packet.writeUInt32BE(0, at + 1); // empty data string
    proto._cipher.encrypt(writer.finalize(packet));
    return true;
  } catch {
    return false;
  }
}
