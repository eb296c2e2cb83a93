// A process that follows one file and prints its lines, for the tests that kill it with SIGKILL (as an oxdoctor
// killed mid-follow): argv CONFIG HOST PATH, a host of that config over SSH, or `local local PATH`.
import { loadConfig } from '../../src/config/index.js';
import type { Transport } from '../../src/core/transport.js';
import { followFiles } from '../../src/logs/follow.js';
import { LocalTransport, TransportPool } from '../../src/transport/index.js';

const [config = '', host = '', path = ''] = process.argv.slice(2);

async function transportFor(): Promise<Transport> {
  if (config === 'local') return new LocalTransport(host);
  const site = await loadConfig({ explicitPath: config });
  const spec = site.hosts.find((h) => h.name === host);
  if (!spec) throw new Error(`no host ${host}`);
  return new TransportPool().get(spec);
}

const transport = await transportFor();
followFiles(
  transport,
  [{ host, source: 'test', kind: 'syslog', path }],
  (lines) => {
    for (const l of lines) process.stdout.write(`${l.text}\n`);
  },
  { fromStart: true, onError: (e) => process.stderr.write(`${e.message}\n`) },
);
