// Commands that are part of the contract but not built yet: say so, exit UNKNOWN.
import type { CliIO } from '../io.js';
import { say } from '../io.js';

export function notYetAvailable(command: string, io: CliIO): number {
  say(io, `oxdoctor: '${command}' is not yet available in this version; 'oxdoctor check' is`);
  return 3;
}
