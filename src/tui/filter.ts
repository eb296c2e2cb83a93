// The `/` filter: a regex when the text is one, plain text otherwise; case-insensitive either way.
export type Matcher = (text: string) => boolean;

export function matcherFor(pattern: string): Matcher {
  if (pattern === '') return () => true;
  try {
    const re = new RegExp(pattern, 'i');
    return (text) => re.test(text);
  } catch {
    const needle = pattern.toLowerCase();
    return (text) => text.toLowerCase().includes(needle);
  }
}
