// A config that cannot be used: one line per problem, each naming file:line:column and the key. Several
// problems end with a line saying what to do; a single one is the whole message, with nothing "above".
import { UserError } from '../core/errors.js';

export const NEXT_STEP = 'fix the lines above; `oxdoctor config validate` checks the config without running any check';

export class ConfigError extends UserError {
  constructor(readonly problems: readonly string[]) {
    super((problems.length > 1 ? [...problems, NEXT_STEP] : problems).join('\n'));
  }
}
