// What the SSH transport reads beyond the core SshTarget. Optional, so any SshTarget is one; the value
// travels on the object ssh-config.ts resolves (spreads keep it) until core/host.ts carries it.
import type { SshTarget } from '../core/host.js';

export interface SshConnectTarget extends SshTarget {
  // ssh_config IdentitiesOnly: offer only the identity files, not the agent's other keys.
  readonly identitiesOnly?: boolean;
}
