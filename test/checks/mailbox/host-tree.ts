// A host's file tree for the checks that read files and run commands there: absolute commands run from the
// tree (RootedTransport), and the shell scripts of the facts that expand file patterns (crontabs, the cron
// log) see the tree's files under their host paths.
import { LocalTransport } from '../../../src/transport/local.js';
import type { ExecOptions, ExecResult } from '../../../src/transport/types.js';
import { RootedTransport } from '../../facts/rooted-transport.js';

export class HostTreeTransport extends RootedTransport {
  override async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const [cmd, flag, script, name, ...args] = argv;
    if (cmd !== 'sh' || flag !== '-c' || script === undefined) return super.exec(argv, options);
    // `sh -c SCRIPT sh PATTERN...`: the patterns inside the tree, the tree's prefix gone from what it prints.
    const inTree = args.map((a) => (a.startsWith('/') ? this.root + a : a));
    const r = await LocalTransport.prototype.exec.call(this, ['sh', '-c', script, name ?? 'sh', ...inTree], options);
    return { ...r, argv: [...argv], stdout: r.stdout.split(this.root).join('') };
  }
}
