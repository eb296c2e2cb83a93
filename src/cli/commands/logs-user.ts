// --user: the login or address expanded to every form the user's mail takes (AD, archive copy, Sent Items copy),
// AD asked from a configured host's point of view, as the checks reach it. The list goes to stderr.
import { userAddresses } from '../../logs/user-addresses.js';
import { say } from '../io.js';
import type { LogsContext } from './logs-context.js';

export async function expandUser(ctx: LogsContext, user: string, signal?: AbortSignal): Promise<string[]> {
  const via = ctx.hosts.find((h) => h.spec.roles.includes('groupware')) ?? ctx.hosts[0];
  const forms = await userAddresses(ctx.site, user, signal, {
    ...(via ? { via: via.transport } : {}),
    onWarning: (text) => say(ctx.io, `oxdoctor: --user ${user}: ${text}`),
  });
  say(ctx.io, `oxdoctor: --user ${user}: ${forms.join(', ')}`);
  return forms;
}
