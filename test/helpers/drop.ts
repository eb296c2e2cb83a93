// Packet drop on this machine's loopback, for "a host that never answers": an nft rule in a table of its
// own (root and nf_tables needed; `canDrop` says whether it works here).
import { execFileSync } from 'node:child_process';

// A spare loopback address nothing listens on; its packets are what the rules drop.
export const DROP_ADDRESS = '127.77.0.1';

function nft(...args: string[]): boolean {
  try {
    execFileSync('nft', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const canDrop = nft('list', 'tables');

let tables = 0;

// Drops TCP packets to address:port; returns the undo.
export function dropPackets(address: string, port: number): () => void {
  const table = `oxdoctor_test_${process.pid}_${tables++}`;
  const ok =
    nft('add', 'table', 'ip', table) &&
    nft('add', 'chain', 'ip', table, 'input', '{ type filter hook input priority 0; }') &&
    nft('add', 'rule', 'ip', table, 'input', 'ip', 'daddr', address, 'tcp', 'dport', String(port), 'drop');
  const undo = (): void => void nft('delete', 'table', 'ip', table);
  if (!ok) {
    undo();
    throw new Error(`could not add an nft drop rule for ${address}:${port}`);
  }
  return undo;
}
