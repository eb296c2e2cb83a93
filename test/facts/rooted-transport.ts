// A local transport that sees a directory tree as its root: files are read under it and absolute
// commands run from it, with PATH limited to <root>/bin. It stands for a host of another layout.
import { LocalTransport } from '../../src/transport/local.js';
import type { ExecOptions, ExecResult, ReadOptions, FileContent } from '../../src/transport/types.js';

export class RootedTransport extends LocalTransport {
  constructor(
    readonly root: string,
    host = 'fixture',
  ) {
    super(host);
  }

  override readFile(path: string, options?: ReadOptions): Promise<FileContent | null> {
    return super.readFile(this.root + path, options).then((f) => (f ? { ...f, path } : null));
  }

  override async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const [cmd, ...rest] = argv;
    const mapped = cmd !== undefined && cmd.startsWith('/') ? this.root + cmd : (cmd ?? '');
    const result = await super.exec([mapped, ...rest], {
      ...options,
      env: { ...options.env, PATH: `${this.root}/bin` },
    });
    return { ...result, argv: [...argv] };
  }
}
