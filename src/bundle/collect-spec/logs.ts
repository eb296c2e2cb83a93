// The logs the logs command knows (src/logs discovery: maillog, messages, secure, cron, OX, oxldapsync,
// Apache), rotated and gzip'd files included, each within --since and capped (then marked truncated).
import { LOG_FILE_MAX, type ComponentSpec } from './types.js';

export const LOGS: ComponentSpec = {
  name: 'logs',
  title: 'logs',
  guard: { kind: 'always' },
  items: [{ kind: 'logs', sources: 'all', maxBytesPerFile: LOG_FILE_MAX, timeoutMs: 120_000 }],
};
