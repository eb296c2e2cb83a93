// The lab's postfix templates (real configs of the seed's hosts) rendered with the lab's addresses, for tests of
// the knowledge modules on real configuration samples.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const LAB = {
  relay: '127.0.10.1',
  servera: '127.0.10.2',
  serverb: '127.0.10.4',
  exchange: '127.0.10.20',
} as const;

const VALUES: Record<string, string> = {
  VIP: LAB.servera,
  SERVERB: LAB.serverb,
  EXCHANGE: LAB.exchange,
};

export function labTemplate(host: 'relay' | 'servera' | 'serverb', file: string): string {
  const path = fileURLToPath(new URL(`../lab/hosts/${host}/files/etc/postfix/${file}`, import.meta.url));
  const text = readFileSync(path, 'utf8');
  return text.replace(/@([A-Z_]+)@/g, (all, name: string) => (name === 'ADDR' ? LAB[host] : (VALUES[name] ?? all)));
}
