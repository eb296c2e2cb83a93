// Where clamd listens and keeps its signatures, from the first clamd config found (RHEL amavisd instance first, as in the seed).
import type { CheckContext } from '../core/check.js';
import { factKey, shared } from './context.js';
import { readText } from './read-text.js';

export const CLAMD_CONF_PATHS = [
  '/etc/clamd.d/amavisd.conf',
  '/etc/clamd.conf',
  '/etc/clamd.d/scan.conf',
  '/etc/clamav/clamd.conf',
];

export interface ClamdListen {
  readonly path: string | null; // config file read, null when none exists
  readonly tcp?: { readonly host: string; readonly port: number };
  readonly socket?: string;
  readonly databaseDirectory?: string; // DatabaseDirectory, when the config names one
}

export const CLAMD_LISTEN_FACT = factKey<ClamdListen>('clamd.conf');

export function clamdListen(ctx: CheckContext): Promise<ClamdListen> {
  return shared(
    ctx,
    CLAMD_LISTEN_FACT,
    async () => {
      for (const path of CLAMD_CONF_PATHS) {
        const file = await readText(ctx, path);
        if (file) return { path, ...parseClamdConf(file.text) };
      }
      return { path: null };
    },
    (l) => (l.path ? `clamd listens per ${l.path}` : 'no clamd config found'),
  );
}

export function parseClamdConf(text: string): Omit<ClamdListen, 'path'> {
  const value = (key: string) => {
    const m = new RegExp(`^\\s*${key}\\s+(\\S+)`, 'mi').exec(text);
    return m?.[1];
  };
  const port = value('TCPSocket');
  const socket = value('LocalSocket');
  const addr = value('TCPAddr');
  const database = value('DatabaseDirectory');
  return {
    ...(port && /^\d+$/.test(port)
      ? { tcp: { host: addr && addr !== '0.0.0.0' ? addr : '127.0.0.1', port: Number(port) } }
      : {}),
    ...(socket ? { socket } : {}),
    ...(database ? { databaseDirectory: database } : {}),
  };
}
