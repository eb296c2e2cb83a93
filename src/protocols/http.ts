// HTTP GET with node:http over a stream the transport opened (so it runs from the checked host).
import { request, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { runProbe } from './session.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from './types.js';

export interface HttpInfo {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly bodyStart: string; // the first bytes of the body, for evidence
}

export interface HttpProbeOptions extends ProbeOptions {
  readonly path?: string; // default "/"
  readonly hostHeader: string;
  readonly maxBodyBytes?: number; // default 2048
}

export function probeHttp(open: Opener, options: HttpProbeOptions): Promise<ProbeResult<HttpInfo>> {
  const path = options.path ?? '/';
  if (/[\r\n\s]/.test(path) || /[\r\n]/.test(options.hostHeader))
    throw new TypeError('HTTP path or host contains whitespace or CR/LF');
  return runProbe(
    open,
    async ({ openRaw, transcript, signal }) => {
      const stream = await openRaw();
      transcript.client(`GET ${path} HTTP/1.1 (Host: ${options.hostHeader})`);
      return new Promise<HttpInfo>((resolve, reject) => {
        const req = request({
          createConnection: () => stream as Socket,
          method: 'GET',
          path,
          headers: { Host: options.hostHeader, 'User-Agent': 'oxdoctor', Connection: 'close' },
        });
        const onAbort = () => req.destroy(new ProbeError('timeout', `no HTTP answer to GET ${path}`));
        signal.addEventListener('abort', onAbort, { once: true });
        req.on('error', (err: NodeJS.ErrnoException) => {
          signal.removeEventListener('abort', onAbort);
          reject(
            err.code?.startsWith('HPE_') ? new ProbeError('bad-greeting', `not an HTTP answer (${err.message})`) : err,
          );
        });
        req.on('response', (res) => {
          transcript.server(`HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}`);
          for (const name of ['server', 'location', 'content-type']) {
            const value = res.headers[name];
            if (value !== undefined) transcript.server(`${name}: ${String(value)}`);
          }
          // Cookie values are session tokens: only their names go into evidence (JSESSIONID shows the route).
          for (const cookie of res.headers['set-cookie'] ?? []) {
            transcript.server(`set-cookie: ${cookie.split('=')[0] ?? ''}=...`);
          }
          const max = options.maxBodyBytes ?? 2048;
          const chunks: Buffer[] = [];
          let size = 0;
          const finish = () => {
            signal.removeEventListener('abort', onAbort);
            resolve({
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              headers: res.headers,
              bodyStart: Buffer.concat(chunks).subarray(0, max).toString('utf8'),
            });
            res.destroy();
          };
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            size += chunk.length;
            if (size >= max) finish();
          });
          res.on('end', finish);
          res.on('error', finish);
        });
        req.end();
      });
    },
    options,
  );
}
