/** Reads the site's source pages (docs/) for the site tests: no build needed. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { root } from './helpers';

export const docsDir = join(root, 'docs');

export function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (/\.mdx?$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** Check ids named by the page files under docs/checks/<component>/<name>.md(x). */
export function checkPageIds(): Map<string, string> {
  const ids = new Map<string, string>();
  for (const f of walk(join(docsDir, 'checks'))) {
    const rel = relative(join(docsDir, 'checks'), f).split('\\').join('/');
    if (rel === 'index.mdx' || rel === 'index.md') continue;
    ids.set(rel.replace(/\.mdx?$/, ''), f);
  }
  return ids;
}

/** The route (relative to the base URL) of a doc file, following this site's conventions. */
export function routeOf(file: string): string {
  const rel = relative(docsDir, file)
    .split('\\')
    .join('/')
    .replace(/\.mdx?$/, '');
  if (rel === 'intro') return 'docs';
  if (rel.endsWith('/index')) return `docs/${rel.slice(0, -'/index'.length)}`;
  return `docs/${rel}`;
}

/** Docs pages with Mermaid diagrams and how many each has. */
export function mermaidPages(): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of walk(docsDir)) {
    const n = (readFileSync(f, 'utf8').match(/^```mermaid\s*$/gm) ?? []).length;
    if (n) m.set(routeOf(f), n);
  }
  return m;
}

/** The page's front matter, parsed as strictly as Docusaurus does (a YAML error throws, naming the page's text). */
export function frontMatter(text: string): Record<string, string> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m) return {};
  const data: unknown = parseYaml(m[1]!);
  const out: Record<string, string> = {};
  if (data && typeof data === 'object')
    for (const [k, v] of Object.entries(data as Record<string, unknown>)) out[k] = String(v);
  return out;
}
