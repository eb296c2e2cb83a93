// A config that cannot be used: one line per problem, each naming file:line:column and the key.
import { UserError } from '../core/errors.js';

export class ConfigError extends UserError {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'), 'fix the lines above; `oxdoctor config validate` lists every problem');
  }
}
