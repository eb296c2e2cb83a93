// The command that lists a postfix queue. postqueue writes one message per write(2) (~400 bytes, -j and -p
// alike), so its reader wakes once per message: over SSH each becomes a packet, locally a pipe read, and on a
// 100,000-message queue that costs more than the listing itself. dd (POSIX, RHEL5's coreutils too) gathers
// the listing into 64 KB writes on the host, and postqueue's own exit status is handed back, not dd's.
// One line: a csh login shell cannot pass a newline inside single quotes.

export const COALESCE_BYTES = 65536;

// fd 3 is the real stdout for dd; postqueue's status goes out on fd 4 into $(...). stderr passes through.
const SCRIPT = [
  'exec 3>&1',
  `s=$({ { "$@" 3>&- 4>&-; echo $? >&4; } | dd ibs=${COALESCE_BYTES} obs=${COALESCE_BYTES} 2>/dev/null >&3 4>&-; } 4>&1)`,
  'exec 3>&-',
  'exit "${s:-1}"',
].join('; ');

// postqueue -j (postfix 3.1+) or -p, its output coalesced; `listing` is what ran, for evidence and messages.
export function queueListingArgv(
  commandDirectory: string,
  format: 'json' | 'text',
): { readonly listing: readonly string[]; readonly argv: readonly string[] } {
  const listing = [`${commandDirectory}/postqueue`, format === 'json' ? '-j' : '-p'];
  return { listing, argv: ['sh', '-c', SCRIPT, 'sh', ...listing] };
}
