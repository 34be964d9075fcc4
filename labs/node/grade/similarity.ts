/**
 * Near-duplicate detection: an aid for the instructor's judgement, never a verdict.
 *
 * 1. Normalise every text file of a submission line by line: comments and blank lines dropped,
 *    whitespace collapsed, case folded, `key = value` spacing unified, and host-specific values
 *    canonicalised (IPv4 addresses, server ids, passwords and other quoted SQL strings, server and
 *    host names, the X-Served-By value), so that two learners' copies of the same text match
 *    whatever addresses or names they were given.
 * 2. Remove common ground: every line of the lab's reference solution (and starter files, if the lab
 *    has them), and at the end every line that a large part of the class shares (it is what the
 *    course taught, not what two learners shared).
 * 3. Each submission is then the set of its remaining lines (its "shingles"). Similarity is the
 *    Jaccard index of two sets. Pairs are found with an inverted index (line -> learners), so the
 *    cost grows with the number of rare shared lines, not with the square of the class size: no
 *    all-pairs diff is ever made.
 */
import type { FileTree } from '../../core/vfs';

const MAX_FILE = 256 * 1024;

function isText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  for (let i = 0; i < n; i++) if (b[i] === 0) return false;
  return true;
}

/** One normalised line, or '' when the line carries nothing (blank, comment, lone brace). */
export function normaliseLine(raw: string): string {
  let s = raw;
  // Comments: `#`, `;` at the start (my.cnf), `--` (SQL) at the start or after whitespace.
  if (/^\s*[#;]/.test(s)) return '';
  s = s
    .replace(/(^|\s)#.*$/, '$1')
    .replace(/(^|\s)--(\s.*)?$/, '$1')
    .replace(/\/\*.*?\*\//g, ' ');
  s = s.toLowerCase().replace(/\s+/g, ' ').trim();
  s = s
    .replace(/\s*=\s*/g, '=')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*;$/, ';');
  // Host-specific values.
  s = s.replace(/\b\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?\b/g, '<ip>');
  s = s.replace(/\b(server[-_]id)=\d+/g, '$1=<n>');
  s = s.replace(
    /\b(identified by|password=?|master_password=|source_password=)\s*('[^']*'|"[^"]*"|\S+)/g,
    '$1 <secret>',
  );
  s = s.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "'<s>'");
  s = s.replace(/^(server) \S+/, '$1 <name>');
  s = s.replace(/^(server_name) .*/, '$1 <name>;');
  s = s.replace(/^(add_header \S+) \S+/, '$1 <value>');
  s = s.replace(/^(hostname|host)=\S+/, '$1=<name>');
  if (/^[{}();]*$/.test(s)) return '';
  return s;
}

/** The distinct normalised lines of a tree (sorted), minus `exclude`. */
export function featuresOf(tree: FileTree, exclude?: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const p of tree.list()) {
    if (/(^|\/)\.[^/]*$/.test(p) && !p.endsWith('.cnf')) continue;
    const b = tree.read(p);
    if (!b || b.length > MAX_FILE || !isText(b)) continue;
    const text = new TextDecoder('utf-8', { fatal: false }).decode(b);
    for (const line of text.split(/\r?\n/)) {
      const n = normaliseLine(line);
      if (n !== '' && n.length >= 4 && !exclude?.has(n)) out.add(n);
    }
  }
  return [...out].sort();
}

export interface SimilarPair {
  a: string;
  b: string;
  /** Jaccard index of the two sets of uncommon lines, 0..1. */
  similarity: number;
  shared: string[];
  sizeA: number;
  sizeB: number;
}

export interface SimilarityOptions {
  /** Jaccard index from which a pair is listed. Default 0.6. */
  threshold?: number;
  /** A pair needs at least this many shared uncommon lines. Default 4. */
  minShared?: number;
  /** A line shared by more than this share of the class (and more than 3 learners) is common ground. Default 0.1. */
  commonShare?: number;
  /** Most pairs listed. Default 200. */
  maxPairs?: number;
}

export function nearDuplicates(
  subs: Array<{ learner: string; features: string[] }>,
  opts: SimilarityOptions = {},
): SimilarPair[] {
  const threshold = opts.threshold ?? 0.6;
  const minShared = opts.minShared ?? 4;
  const cap = Math.max(3, Math.ceil((opts.commonShare ?? 0.1) * subs.length));
  const index = new Map<string, number[]>();
  subs.forEach((s, i) => {
    for (const f of s.features) {
      const l = index.get(f);
      if (l) l.push(i);
      else index.set(f, [i]);
    }
  });
  const common = new Set<string>();
  for (const [f, l] of index) if (l.length > cap) common.add(f);
  const size = subs.map((s) => s.features.reduce((n, f) => n + (common.has(f) ? 0 : 1), 0));
  // Count shared uncommon lines per pair, only over posting lists of at least two learners.
  const counts = new Map<number, number>();
  const n = subs.length;
  for (const [f, l] of index) {
    if (l.length < 2 || common.has(f)) continue;
    for (let x = 0; x < l.length; x++)
      for (let y = x + 1; y < l.length; y++) {
        const key = l[x] * n + l[y];
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
  }
  const pairs: SimilarPair[] = [];
  for (const [key, inter] of counts) {
    if (inter < minShared) continue;
    const i = Math.floor(key / n);
    const j = key % n;
    const sim = inter / (size[i] + size[j] - inter);
    if (sim < threshold) continue;
    const setJ = new Set(subs[j].features);
    const shared = subs[i].features.filter((f) => !common.has(f) && setJ.has(f));
    const [a, b] = subs[i].learner < subs[j].learner ? [i, j] : [j, i];
    pairs.push({
      a: subs[a].learner,
      b: subs[b].learner,
      similarity: Math.round(sim * 1000) / 1000,
      shared,
      sizeA: size[a],
      sizeB: size[b],
    });
  }
  pairs.sort(
    (p, q) => q.similarity - p.similarity || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0),
  );
  return pairs.slice(0, opts.maxPairs ?? 200);
}
