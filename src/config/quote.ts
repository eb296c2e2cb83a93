// A value quoted for a message: JSON quoting with every control character escaped. JSON leaves the C1
// controls (CSI, U+009B) as they are, and a terminal would obey them.
export function quoted(s: string): string {
  return JSON.stringify(s).replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
