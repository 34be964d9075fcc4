/**
 * YAML files of the submission (answers.yaml, inventory.yaml), read with positions.
 *
 * These files are small and simple (a mapping of scalars, lists and one level of nesting), and
 * loading a full YAML library costs more than the rest of `check-lab` together, so a small
 * reader handles that subset exactly as YAML 1.2 does. Anything outside it (anchors, block
 * scalars, flow mappings, deeper nesting, tags...) goes to the full reader the caller passes
 * (`readYamlFull` over the `yaml` package); without one, it is a diagnostic.
 */
import type { Document, LineCounter as YamlLineCounter, Node as YamlNode, Pair } from 'yaml';
import { type Diagnostic, type Span, diagnostic } from '../source';
import type { YamlData } from './types';

export type YamlReader = (file: string, text: string) => YamlData;

class Unsupported extends Error {}

interface Line {
  no: number;
  indent: number;
  /** Content without indentation and trailing comment. */
  body: string;
  /** Column (1-based) where body starts. */
  col: number;
}

function stripComment(s: string): string {
  let q: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === q) {
        if (q === "'" && s[i + 1] === "'") i++;
        else q = undefined;
      } else if (c === '\\' && q === '"') i++;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:[,-]/.test(s[i - 1])) q = c;
    } else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i).trimEnd();
  }
  if (q) throw new Unsupported('unterminated quote');
  return s.trimEnd();
}

/** A scalar as YAML 1.2's core schema reads it. */
function scalar(raw: string): unknown {
  const s = raw.trim();
  if (s === '') return null;
  if (s.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(s)) throw new Unsupported('quote');
    return s.slice(1, -1).replace(/''/g, "'");
  }
  if (s.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\.)*"$/.test(s)) throw new Unsupported('quote');
    const body = s.slice(1, -1);
    if (/\\[^"\\nt/]/.test(body)) throw new Unsupported('escape');
    return body.replace(/\\(["\\/nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  }
  if (/^[[\]{},#&*!|>%@`]/.test(s) || /^[-?:](\s|$)/.test(s) || /: |:$| #/.test(s)) throw new Unsupported('syntax');
  if (/^(null|Null|NULL|~)$/.test(s)) return null;
  if (/^(true|True|TRUE)$/.test(s)) return true;
  if (/^(false|False|FALSE)$/.test(s)) return false;
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^0o[0-7]+$/.test(s) || /^0x[0-9a-fA-F]+$/.test(s)) return Number(s.replace(/^0o/, '0o'));
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(s)) throw new Unsupported('special float');
  return s;
}

/** `[a, 'b', c]` on one line. */
function flowSeq(s: string): unknown[] {
  const inner = s.trim().slice(1, -1);
  if (/[[\]{}]/.test(inner)) throw new Unsupported('nested flow');
  if (inner.trim() === '') return [];
  const out: unknown[] = [];
  let cur = '';
  let q: string | undefined;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (q) {
      cur += c;
      if (c === q) q = undefined;
    } else if (c === '"' || c === "'") {
      q = c;
      cur += c;
    } else if (c === ',') {
      out.push(scalar(cur));
      cur = '';
    } else cur += c;
  }
  if (q) throw new Unsupported('quote');
  if (cur.trim() !== '') out.push(scalar(cur));
  return out;
}

const KEY = /^([A-Za-z0-9_][A-Za-z0-9_.-]*|"[^"\\]*"|'[^']*'):(?:\s+|$)/;

/** The subset reader: throws Unsupported for anything it does not read exactly. */
export function readYamlSubset(file: string, text: string): YamlData {
  if (text.includes('\t') || /^(%|---|\.\.\.)/m.test(text) || (text.includes('\r') && !/\r\n/.test(text)))
    throw new Unsupported('directive or tab');
  const lines: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const indent = raw.length - raw.trimStart().length;
    const body = stripComment(raw.slice(indent));
    if (body !== '') lines.push({ no: i + 1, indent, body, col: indent + 1 });
  });
  const spans = new Map<string, Span>();
  const keyOf = (path: ReadonlyArray<string | number>) => path.map(String).join('\u0000');
  const at = (l: Line, offset = 0, len = 0): Span => ({
    file,
    line: l.no,
    column: l.col + offset,
    endLine: l.no,
    endColumn: l.col + offset + len,
  });
  const valueAt = (l: Line, start: number, raw: string): Span => {
    const lead = raw.length - raw.trimStart().length;
    return at(l, start + lead, raw.trim().length);
  };
  let i = 0;
  const data: Record<string, unknown> = {};
  if (lines.length === 0) return { file, data: null, locate: () => ({ file, line: 1, column: 1 }), diagnostics: [] };
  if (lines[0].indent !== 0) throw new Unsupported('indented start');
  spans.set(keyOf([]), at(lines[0]));

  const parseSeq = (indent: number, path: Array<string | number>): unknown[] => {
    const out: unknown[] = [];
    while (
      i < lines.length &&
      lines[i].indent === indent &&
      (lines[i].body === '-' || lines[i].body.startsWith('- '))
    ) {
      const l = lines[i];
      const raw = l.body.slice(1);
      if (raw.trim() === '' || KEY.test(raw.trim()) || raw.trim().startsWith('['))
        throw new Unsupported('nested in sequence');
      spans.set(keyOf([...path, out.length]), valueAt(l, 1, raw));
      out.push(scalar(raw));
      i++;
    }
    return out;
  };

  const parseMap = (indent: number, path: string[], target: Record<string, unknown>, depth: number) => {
    while (i < lines.length && lines[i].indent === indent) {
      const l = lines[i];
      const m = KEY.exec(l.body);
      if (!m) throw new Unsupported('not a key');
      let key = m[1];
      if (key.startsWith('"') || key.startsWith("'")) key = key.slice(1, -1);
      if (Object.prototype.hasOwnProperty.call(target, key)) throw new Unsupported('duplicate key');
      const rest = l.body.slice(m[0].length);
      const p = [...path, key];
      i++;
      if (rest.trim() !== '') {
        spans.set(keyOf(p), valueAt(l, m[0].length, rest));
        const t = rest.trim();
        target[key] = t.startsWith('[') && t.endsWith(']') ? flowSeq(t) : scalar(rest);
        if (t.startsWith('[') && t.endsWith(']')) {
          // Item positions inside a flow list: point at the list.
          (target[key] as unknown[]).forEach((_, k) => spans.set(keyOf([...p, k]), valueAt(l, m[0].length, rest)));
        }
        continue;
      }
      // A block value on the following lines (or null).
      const next = lines[i];
      if (
        !next ||
        next.indent < indent ||
        (next.indent === indent && !(next.body === '-' || next.body.startsWith('- ')))
      ) {
        // yaml places an empty value right after the colon.
        spans.set(keyOf(p), at(l, m[1].length + 1, 0));
        target[key] = null;
        continue;
      }
      if (next.body === '-' || next.body.startsWith('- ')) {
        if (next.indent < indent) throw new Unsupported('indent');
        spans.set(keyOf(p), at(next));
        target[key] = parseSeq(next.indent, p);
        continue;
      }
      if (depth >= 1 || next.indent <= indent) throw new Unsupported('deep nesting');
      const child: Record<string, unknown> = {};
      spans.set(keyOf(p), at(next));
      parseMap(next.indent, p, child, depth + 1);
      target[key] = child;
    }
  };
  parseMap(0, [], data, 0);
  if (i < lines.length) throw new Unsupported('trailing content');
  const locate = (path: ReadonlyArray<string | number>): Span => {
    for (let n = path.length; n >= 0; n--) {
      const s = spans.get(keyOf(path.slice(0, n)));
      if (s) return s;
    }
    return { file, line: 1, column: 1 };
  };
  return { file, data, locate, diagnostics: [] };
}

/** Reads a small YAML file: the subset reader, else `full` (the `yaml` package), else a diagnostic. */
export function readYaml(file: string, text: string, full?: YamlReader): YamlData {
  try {
    return readYamlSubset(file, text);
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    if (full) return full(file, text);
    const d: Diagnostic = diagnostic(
      'yaml/unsupported',
      'error',
      `${file} uses YAML this reader does not support (${err.message}); write plain \`key: value\` lines and lists`,
      { file, line: 1, column: 1 },
    );
    return { file, data: undefined, locate: () => ({ file, line: 1, column: 1 }), diagnostics: [d] };
  }
}

/** The full reader over the `yaml` package (passed in, so that the core never loads it eagerly). */
export function readYamlFull(yaml: typeof import('yaml'), file: string, text: string): YamlData {
  const lc: YamlLineCounter = new yaml.LineCounter();
  const doc: Document = yaml.parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const spanOf = (range?: readonly number[] | null): Span => {
    if (!range) return { file, line: 1, column: 1 };
    const a = lc.linePos(range[0]);
    const b = lc.linePos(range[1] ?? range[0]);
    return { file, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  const diagnostics: Diagnostic[] = doc.errors.map((e) =>
    diagnostic(`yaml/${e.code.toLowerCase().replace(/_/g, '-')}`, 'error', e.message.split('\n')[0], spanOf(e.pos)),
  );
  let data: unknown;
  try {
    data = doc.errors.length ? undefined : doc.toJS();
  } catch {
    data = undefined;
  }
  const locate = (path: ReadonlyArray<string | number>): Span => {
    let node: unknown = doc.contents;
    let best: YamlNode | undefined = doc.contents as YamlNode | undefined;
    for (const seg of path) {
      if (yaml.isMap(node)) {
        const pair = (node.items as Pair[]).find((p) => String((p.key as { value?: unknown })?.value) === String(seg));
        if (!pair) break;
        node = pair.value;
        if (node && (node as YamlNode).range) best = node as YamlNode;
        else if ((pair.key as YamlNode)?.range) {
          best = pair.key as YamlNode;
          break;
        }
      } else if (yaml.isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
        if (node && (node as YamlNode).range) best = node as YamlNode;
        else break;
      } else break;
    }
    return spanOf(best?.range ?? undefined);
  };
  return { file, data, locate, diagnostics };
}
