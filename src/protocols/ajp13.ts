// AJP13 CPing/CPong: the health probe mod_proxy_ajp itself uses against Tomcat/OX on 8009.
import { runProbe } from './session.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from './types.js';

// Web server -> container: magic 0x1234, length 1, type 10 (CPING).
export const CPING = Buffer.from([0x12, 0x34, 0x00, 0x01, 0x0a]);
// Container -> web server: magic "AB", length 1, type 9 (CPONG).
export const CPONG = Buffer.from([0x41, 0x42, 0x00, 0x01, 0x09]);

export interface AjpInfo {
  readonly cpongMs: number; // time from CPing sent to CPong read
}

export function probeAjp(open: Opener, options: ProbeOptions = {}): Promise<ProbeResult<AjpInfo>> {
  return runProbe(
    open,
    async ({ connect }) => {
      const conn = await connect();
      const sent = performance.now();
      await conn.write(CPING, `CPING ${hex(CPING)}`);
      const answer = await conn.reader.bytes(CPONG.length, 'a CPONG');
      const cpongMs = Math.round(performance.now() - sent);
      if (!answer.equals(CPONG)) {
        const seen = Buffer.concat([answer, conn.reader.pending]).subarray(0, 40);
        throw new ProbeError(
          'bad-greeting',
          `expected CPONG ${hex(CPONG)}, got ${hex(seen)} (${JSON.stringify(seen.toString('latin1'))})`,
        );
      }
      return { cpongMs };
    },
    options,
  );
}

function hex(b: Buffer): string {
  return b.toString('hex').replace(/(..)(?!$)/g, '$1 ');
}
