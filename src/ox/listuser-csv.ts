// `listuser --csv` output of the OX admin CLI, read by header name: the real tool orders its getter columns by
// Java reflection, so positions differ between releases (and on every call of the lab's stand-in).
// Format (ListCore.doCSVOutput): an unquoted header line, then one line per user with every non-null value
// in double quotes ("" inside for a quote) and null as an empty, unquoted field. Quoted values may hold
// commas and newlines.

export type OxUser = ReadonlyMap<string, string | null>;

export interface ListuserCsv {
  readonly columns: readonly string[];
  readonly users: readonly OxUser[];
}

export class ListuserCsvError extends Error {}

export function parseListuserCsv(text: string): ListuserCsv {
  const records = csvRecords(text);
  const header = records.shift();
  if (!header || header.length === 0 || header.every((h) => !h)) return { columns: [], users: [] };
  const columns = header.map((h) => h ?? '');
  const users = records.map((fields, i) => {
    if (fields.length !== columns.length) {
      throw new ListuserCsvError(
        `listuser CSV record ${i + 1} has ${fields.length} fields, the header ${columns.length}`,
      );
    }
    return new Map(columns.map((c, j) => [c, fields[j] ?? null] as const));
  });
  return { columns, users };
}

// The value of a column, or undefined when the column is absent (null when present but empty).
export function field(user: OxUser, column: string): string | null | undefined {
  return user.get(column);
}

export function isAccessColumn(column: string): boolean {
  return column.startsWith('access-');
}

// Records of fields; null for an unquoted empty field. Blank lines between records are skipped.
function csvRecords(text: string): (string | null)[][] {
  const records: (string | null)[][] = [];
  let fields: (string | null)[] = [];
  let i = 0;
  const n = text.length;
  let atRecordStart = true;
  while (i < n) {
    if (atRecordStart && (text[i] === '\n' || text[i] === '\r')) {
      i++;
      continue;
    }
    atRecordStart = false;
    let value: string | null;
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        if (i >= n) throw new ListuserCsvError('listuser CSV ends inside a quoted value');
        const q = text.indexOf('"', i);
        if (q === -1) throw new ListuserCsvError('listuser CSV ends inside a quoted value');
        out += text.slice(i, q);
        if (text[q + 1] === '"') {
          out += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = out;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      const raw = text.slice(i, j);
      value = raw === '' ? null : raw;
      i = j;
    }
    fields.push(value);
    if (i >= n) break;
    const c = text[i];
    if (c === ',') {
      i++;
      if (i >= n) fields.push(null);
    } else if (c === '\r' || c === '\n') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      records.push(fields);
      fields = [];
      atRecordStart = true;
    } else {
      throw new ListuserCsvError(`listuser CSV: unexpected ${JSON.stringify(c)} after a quoted value`);
    }
  }
  if (!atRecordStart || fields.length > 0) records.push(fields);
  return records;
}
