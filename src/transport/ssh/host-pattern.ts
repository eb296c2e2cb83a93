// OpenSSH host pattern lists ("*.example.com,!bad.example.com"), as in known_hosts and ssh_config.

// `*` any run of characters, `?` one character; the match is case-insensitive.
export function matchPattern(name: string, pattern: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .toLowerCase()
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('') +
      '$',
    's',
  );
  return re.test(name.toLowerCase());
}

// A negated pattern that matches vetoes the list; otherwise any positive match wins.
export function matchPatternList(name: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (pattern === '' || !matchPattern(name, pattern)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}
