// The one outcome for "this check needs configuration that is neither in the config nor discoverable on
// the host": UNKNOWN (could not check), one line naming the config key, and the same hint in every check.
import { unknown, type Outcome } from './result.js';

// key: the config key to set ("testUser.password"); needed: what the check would do with it.
export function notConfigured(key: string, needed: string, example?: string): Outcome {
  return unknown(`not configured: ${key} (${needed})`, {
    hint: `set ${key} in the oxdoctor config${example ? `, e.g. ${example}` : ''}; \`oxdoctor config show\` prints what is in effect`,
  });
}
