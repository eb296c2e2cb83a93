// Regular expression fragments for secret values, shared by the rule table (rules.ts).

// The whole value to the end of the line, quotes and spaces included, trailing white space left out.
export const REST_OF_LINE = String.raw`(\S.*?)(?=\s*$)`;

// One shell word: quoted parts, escaped characters and plain characters up to a shell operator.
// `-P 'a b'`, `-P "a \"b\""`, `-P a\ b` are redacted whole; `-P s > /dev/null` and `CMD (x -P s)` stop at s.
export const SHELL_WORD = String.raw`((?:'[^']*'|"(?:\\.|[^"\\])*"|\\.|[^\s'"\\;|&<>()\x60])+)`;

// In a process list the quotes are gone: the value runs to the next option or the end of the line.
export const PS_VALUE = String.raw`(\S+(?:\s+(?!-)\S+)*)`;

// A quoted string or a run up to a separator: values inside URLs, DSNs and key=value lists.
export const EMBEDDED_VALUE = String.raw`('[^']*'|"(?:\\.|[^"\\])*"|[^\s&;,)}\]'"]+)`;

// `key <sep> value-to-end-of-line` at the start of a line; keys are alternatives, matched case-insensitively.
export function keyValue(keys: string, sep: string): RegExp {
  return new RegExp(String.raw`^(\s*(?:${keys})\s*${sep}\s*)` + REST_OF_LINE, 'gi');
}

// A command line option and its value: `-P value`, `--master-pass=value`, `--master-pass value`.
export function optionValue(options: string, value: string, flags = 'g'): RegExp {
  return new RegExp(String.raw`((?:^|\s)(?:${options})(?:=|\s+))` + value, flags);
}
