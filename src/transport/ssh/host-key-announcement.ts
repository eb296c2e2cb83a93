// After login OpenSSH's sshd announces every host key it has (hostkeys-00@openssh.com, the basis of
// UpdateHostKeys). ssh2 answers at once by asking the host to prove each key (hostkeys-prove-00), so on
// every connection the host signs once per host key (an RSA signature costs it milliseconds) and the
// client verifies each signature, for a list oxdoctor never uses: known_hosts is the user's to change.
// So the announcement is taken without asking for proofs. ssh2 has no option for this; its handler
// table is internal (pinned version), and without it ssh2 simply goes on asking.
import type { Client } from 'ssh2';

const ANNOUNCEMENT = 'hostkeys-00@openssh.com';

type GlobalRequestHandler = (proto: unknown, name: string, wantReply: boolean, data: unknown) => void;
interface ProtocolInternals {
  readonly _handlers?: { GLOBAL_REQUEST?: GlobalRequestHandler };
  requestSuccess?(): void;
}

// Call before the server's first packets after login are parsed (in the 'ready' listener at the latest).
export function declineHostKeyProofs(client: Client): boolean {
  const proto = (client as unknown as { _protocol?: ProtocolInternals })._protocol;
  const handlers = proto?._handlers;
  const inner = handlers?.GLOBAL_REQUEST;
  if (!proto || !handlers || typeof inner !== 'function' || typeof proto.requestSuccess !== 'function') return false;
  handlers.GLOBAL_REQUEST = (p, name, wantReply, data) => {
    if (name !== ANNOUNCEMENT) return inner(p, name, wantReply, data);
    if (wantReply) proto.requestSuccess!();
  };
  return true;
}
