/**
 * CSV (RFC 4180): CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF, quotes
 * doubled. Cells are made formula-safe for spreadsheets (OWASP "CSV injection"): a text cell that
 * starts with = + - @ (or a tab/CR) gets a leading apostrophe. Numbers are written as numbers.
 */

export type Cell = string | number | boolean | null | undefined;

export function safeCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export function quoteCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: Cell[]): string {
  return cells.map((c) => quoteCell(safeCell(c))).join(',') + '\r\n';
}

/** Parses RFC 4180 CSV (also accepts LF line ends and a UTF-8 BOM). Returns rows of raw strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  let any = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      any = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      any = true;
      i++;
    } else if (c === '\r' || c === '\n') {
      if (any || field !== '' || row.length) {
        row.push(field);
        rows.push(row);
      }
      row = [];
      field = '';
      any = false;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      any = true;
      i++;
    }
  }
  if (any || field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface RosterEntry {
  /** The first id column's value: the learner id of a roster row that has no submission. */
  id: string;
  /** Every id column's value (a submission named by any of them belongs to this row). */
  ids: string[];
  name?: string;
  email?: string;
}

const ID_COLUMNS = ['learner', 'id', 'identifier', 'login', 'github_username', 'username', 'student_id', 'sid'];

/**
 * A roster: a CSV with a header row. The id column is the first of learner, id, identifier,
 * login, github_username, username, student_id, sid (GitHub Classroom exports `identifier,
 * github_username, github_id, name`: both identifier and github_username are matched); name and
 * email columns are optional (`name`, `full_name`; `email`, `e-mail`, `mail`).
 */
export function parseRoster(text: string): { entries: RosterEntry[]; aliases: Map<string, RosterEntry> } {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new Error('the roster is empty');
  const header = rows[0].map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  const idCols = ID_COLUMNS.map((c) => header.indexOf(c)).filter((i) => i >= 0);
  if (idCols.length === 0) throw new Error(`the roster's header has no id column (one of: ${ID_COLUMNS.join(', ')})`);
  const nameCol = ['name', 'full_name', 'student_name'].map((c) => header.indexOf(c)).find((i) => i >= 0);
  const emailCol = ['email', 'e_mail', 'mail'].map((c) => header.indexOf(c)).find((i) => i >= 0);
  const entries: RosterEntry[] = [];
  const aliases = new Map<string, RosterEntry>();
  for (const r of rows.slice(1)) {
    const ids = idCols.map((i) => (r[i] ?? '').trim()).filter((s) => s !== '');
    if (ids.length === 0) continue;
    const id = ids[0];
    const entry: RosterEntry = {
      id,
      ids,
      name: nameCol !== undefined ? r[nameCol]?.trim() || undefined : undefined,
      email: emailCol !== undefined ? r[emailCol]?.trim() || undefined : undefined,
    };
    entries.push(entry);
    for (const a of ids) if (!aliases.has(a.toLowerCase())) aliases.set(a.toLowerCase(), entry);
  }
  return { entries, aliases };
}
