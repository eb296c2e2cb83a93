// A process that follows one file on a lab host and prints its lines, for the test that kills it with
// SIGKILL (as an oxdoctor killed mid-follow): argv CONFIG HOST PATH.
import { loadConfig } from '../../src/config/index.js';
import { followFiles } from '../../src/logs/follow.js';
import { TransportPool } from '../../src/transport/index.js';

const [config = '', host = '', path = ''] = process.argv.slice(2);
const site = await loadConfig({ explicitPath: config });
const spec = site.hosts.find((h) => h.name === host);
if (!spec) throw new Error(`no host ${host}`);
const transport = new TransportPool().get(spec);
followFiles(
  transport,
  [{ host, source: 'test', kind: 'syslog', path }],
  (lines) => {
    for (const l of lines) process.stdout.write(`${l.text}\n`);
  },
  { fromStart: true, onError: (e) => process.stderr.write(`${e.message}\n`) },
);
