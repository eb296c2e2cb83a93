// What grep is given for a search of one literal. GNU grep -F finds a single literal by its last byte (Boyer-Moore,
// then memchr for that byte when the jumps stay short), and digits fill a log (stamps, pids, sizes): a queue id
// ending in digits was read from a 1 GiB maillog in 0.58 s, cut after its last letter in 0.27 s (grep 3.8).
// Such a literal goes to grep cut there (8 characters at least stay, so few other lines share them) and the
// lines that come back are matched whole by the caller.
const MIN_ANCHOR = 8;

export function grepAnchor(literal: string): string {
  const m = /^([\x20-\x7e]*[A-Za-z])[0-9]{1,8}$/.exec(literal);
  return m && m[1]!.length >= MIN_ANCHOR ? m[1]! : literal;
}
