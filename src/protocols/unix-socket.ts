// Talking to a unix socket on the checked host when the transport only forwards TCP: perl (always
// present where amavisd or cyrus 2.3 tools are) connects, optionally reads the greeting line, sends
// our prepared lines, and prints everything the daemon says until it hangs up.
import { Duplex } from 'node:stream';
import type { CheckContext } from '../core/check.js';
import { ProbeError, type Opener } from './types.js';

const BRIDGE = [
  'use IO::Socket::UNIX;',
  'my ($path, $greet) = @ARGV;',
  'my $s = IO::Socket::UNIX->new(Peer => $path) or do { print STDERR "connect $path: $!\\n"; exit 111 };',
  'binmode STDOUT; binmode $s; $| = 1;',
  'if ($greet) { my $l = <$s>; exit 0 unless defined $l; print $l; }',
  'my $in = do { local $/; <STDIN> }; print $s $in;',
  'while (sysread($s, my $buf, 8192)) { print $buf }',
].join(' ');

// An Opener whose stream replays the daemon's whole answer to `script`; what the probe writes is
// dropped, since `script` already carried the same commands.
export function unixSocketOpener(
  ctx: Pick<CheckContext, 'exec'>,
  path: string,
  script: string,
  greet: boolean,
): Opener {
  return async (signal) => {
    const r = await ctx.exec(['perl', '-e', BRIDGE, path, greet ? '1' : '0'], { stdin: script, signal });
    if (r.code === 111) {
      const refused = /No such file|Connection refused/i.test(r.stderr);
      throw new ProbeError(refused ? 'refused' : 'unreachable', r.stderr.trim());
    }
    if (r.code === 127 || /perl: (command )?not found/i.test(r.stderr)) {
      throw new ProbeError('unreachable', `no perl on the host to reach the unix socket ${path}`);
    }
    if (r.timedOut) throw new ProbeError('timeout', `no answer on ${path}`);
    let answer: Buffer | null = Buffer.from(r.stdout, 'latin1');
    return new Duplex({
      read() {
        if (answer) this.push(answer);
        answer = null;
        this.push(null);
      },
      // Writes from the probe are swallowed: the script already carried them.
      write(_chunk, _encoding, done) {
        done();
      },
    });
  };
}
