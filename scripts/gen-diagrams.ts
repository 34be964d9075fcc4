/**
 * Pre-renders every ```mermaid block under docs/ to static SVG (the site's light and dark Mermaid themes), so
 * a page with known diagrams runs no Mermaid JavaScript: src/theme/Mermaid shows the pre-rendered SVG (in the
 * server HTML) when one exists for the diagram's exact source, and falls back to the theme's runtime rendering
 * otherwise.
 *
 *   npm run gen:diagrams                                        # (re)writes src/diagrams/generated/
 *   npx ts-node --transpile-only scripts/gen-diagrams.ts --check  # exit 1 when missing or stale
 *
 * Output: src/diagrams/generated/<hash>.ts per diagram (source, accessible label, light and dark SVG), loaded
 * only by the pages that show it; src/diagrams/generated/index.ts (the browser's hash -> lazy loader table,
 * plus the fingerprint: Mermaid and ELK versions and the site's Mermaid config) and server.ts (the same
 * diagrams imported synchronously, for the server build). <hash> is diagramHash(source)
 * (src/diagrams/hash.ts). Rendering uses the installed `mermaid` (and `@mermaid-js/layout-elk`, which
 * @docusaurus/theme-mermaid registers when it is installed), bundled with esbuild and run in Debian's Chromium
 * through playwright-core, with the config the theme would use: `{ startOnLoad: false, ...options, theme }`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { diagramHash } from '../src/diagrams/hash';

const root = path.resolve(__dirname, '..');
export const DOCS_DIR = path.join(root, 'docs');
export const OUT_DIR = path.join(root, 'src/diagrams/generated');
/** The module name the Mermaid component imports; docusaurus.config.ts points it at index.ts or server.ts. */
export const ALIAS = '@wil/prerendered-diagrams';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface DocDiagram {
  /** The doc file, relative to the project root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The code block's value exactly as the MDX loader passes it to the Mermaid component. */
  source: string;
  hash: string;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (/\.mdx?$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/**
 * The ```mermaid (or ~~~mermaid) fenced blocks of a Markdown/MDX text, with their values as mdast gives them:
 * the lines between the fences, the opening fence's indentation removed from each, no final newline.
 */
export function mermaidBlocks(text: string): Array<{ line: number; source: string }> {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: Array<{ line: number; source: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*mermaid(?:\s.*)?$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).exec(lines[j]!);
      if (close) break;
      body.push(lines[j]!.replace(new RegExp(`^ {0,${indent}}`), ''));
    }
    out.push({ line: i + 1, source: body.join('\n') });
    i = j;
  }
  return out;
}

/** Every Mermaid diagram under docs/, in file order. */
export function docsDiagrams(): DocDiagram[] {
  const out: DocDiagram[] = [];
  for (const f of walk(DOCS_DIR)) {
    for (const b of mermaidBlocks(readFileSync(f, 'utf8'))) {
      out.push({
        file: path.relative(root, f).split(path.sep).join('/'),
        line: b.line,
        source: b.source,
        hash: diagramHash(b.source),
      });
    }
  }
  return out;
}

/** The site's themeConfig.mermaid, loaded with jiti exactly as Docusaurus loads docusaurus.config.ts. */
export function siteMermaidConfig(): { theme: { light: string; dark: string }; options: Record<string, unknown> } {
  const req = createRequire(path.join(root, 'node_modules/@docusaurus/utils/lib/moduleUtils.js'));
  const jiti = req('jiti') as (file: string, opts: Record<string, unknown>) => (id: string) => unknown;
  const load = jiti(__filename, { cache: true, requireCache: false, interopDefault: true });
  const config = load(path.join(root, 'docusaurus.config.ts')) as {
    themeConfig?: { mermaid?: { theme?: { light?: string; dark?: string }; options?: Record<string, unknown> } };
  };
  const m = config.themeConfig?.mermaid ?? {};
  // @docusaurus/theme-mermaid's defaults (validateThemeConfig.js)
  return { theme: { light: m.theme?.light ?? 'default', dark: m.theme?.dark ?? 'dark' }, options: m.options ?? {} };
}

function pkgVersion(name: string): string | null {
  const file = path.join(root, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : null;
}

/** What the generated SVGs depend on besides the sources: a change in any of these makes them stale. */
export function currentFingerprint(): string {
  return JSON.stringify({
    mermaid: pkgVersion('mermaid'),
    elk: pkgVersion('@mermaid-js/layout-elk'),
    config: siteMermaidConfig(),
  });
}

const FINGERPRINT_RE = /^export const fingerprint = (".*");$/m;

/** The fingerprint and hashes recorded in the generated index, or null when there is none. */
export function readGeneratedIndex(): { fingerprint: string; hashes: string[] } | null {
  const file = path.join(OUT_DIR, 'index.ts');
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const fp = FINGERPRINT_RE.exec(text);
  return {
    fingerprint: fp ? (JSON.parse(fp[1]!) as string) : '',
    hashes: [...text.matchAll(/^ {2}'([0-9a-f]{14})': \(\) => import\('\.\/\1'\),$/gm)].map((m) => m[1]!),
  };
}

/** Problems that make the committed output missing or stale (empty = up to date). */
export function staleness(): string[] {
  const problems: string[] = [];
  const diagrams = docsDiagrams();
  const index = readGeneratedIndex();
  if (!index) return [`${path.relative(root, OUT_DIR)}/index.ts is missing: run npm run gen:diagrams`];
  if (index.fingerprint !== currentFingerprint())
    problems.push(`rendered with ${index.fingerprint}, now ${currentFingerprint()}`);
  const wanted = new Set(diagrams.map((d) => d.hash));
  for (const d of diagrams) {
    const file = path.join(OUT_DIR, `${d.hash}.ts`);
    if (!index.hashes.includes(d.hash) || !existsSync(file))
      problems.push(`${d.file}:${d.line}: no pre-rendered SVG for this diagram (${d.hash})`);
    else if (!readFileSync(file, 'utf8').includes(`source: ${JSON.stringify(d.source)},`))
      problems.push(`${d.file}:${d.line}: ${d.hash}.ts holds another source`);
  }
  const server = existsSync(path.join(OUT_DIR, 'server.ts'))
    ? readFileSync(path.join(OUT_DIR, 'server.ts'), 'utf8')
    : '';
  const serverHashes = [...server.matchAll(/^import d([0-9a-f]{14}) from '\.\/\1';$/gm)].map((m) => m[1]!);
  if (serverHashes.sort().join() !== [...index.hashes].sort().join())
    problems.push('server.ts and index.ts list different diagrams');
  for (const h of index.hashes)
    if (!wanted.has(h)) problems.push(`${h}: pre-rendered but no docs page has this diagram any more`);
  for (const f of readdirSync(OUT_DIR)) {
    const m = /^([0-9a-f]{14})\.ts$/.exec(f);
    if (m && !wanted.has(m[1]!)) problems.push(`${f}: left over (no docs diagram has this hash)`);
  }
  return problems;
}

/**
 * Gives every id in the SVG the diagram's own prefix (`<prefix>-...`) and rewrites the references to it
 * (`url(#id)`, `href="#id"`, `#id` in the style sheet), so the light and dark copies, and different diagrams,
 * never share an id on a page.
 */
export function prefixIds(svg: string, prefix: string): string {
  const ids = [...svg.matchAll(/\sid="([^"]+)"/g)]
    .map((m) => m[1]!)
    .filter((id) => id !== prefix && !id.startsWith(prefix + '-') && !id.startsWith(prefix + '_'));
  const map = new Map(ids.map((id) => [id, `${prefix}-${id}`] as const));
  if (map.size === 0) return svg;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alt = [...map.keys()]
    .sort((a, b) => b.length - a.length)
    .map(esc)
    .join('|');
  return svg
    .replace(new RegExp(`(\\sid=")(${alt})(")`, 'g'), (_m, a: string, id: string, b: string) => a + map.get(id)! + b)
    .replace(
      new RegExp(`((?:href|xlink:href)="#)(${alt})(")`, 'g'),
      (_m, a: string, id: string, b: string) => a + map.get(id)! + b,
    )
    .replace(new RegExp(`(url\\(#)(${alt})(\\))`, 'g'), (_m, a: string, id: string, b: string) => a + map.get(id)! + b)
    .replace(
      new RegExp(`(aria-(?:labelledby|describedby)=")(${alt})(")`, 'g'),
      (_m, a: string, id: string, b: string) => a + map.get(id)! + b,
    );
}

interface Rendered {
  svg: string;
  label: string;
}

async function bundleMermaid(): Promise<string> {
  const esbuild = await import('esbuild');
  const elk = pkgVersion('@mermaid-js/layout-elk') !== null;
  const entry = [
    "import mermaid from 'mermaid';",
    elk ? "import elkLayouts from '@mermaid-js/layout-elk'; mermaid.registerLayoutLoaders(elkLayouts);" : '',
    'window.mermaid = mermaid;',
  ].join('\n');
  const r = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    minify: true,
    logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

async function renderAll(diagrams: DocDiagram[]): Promise<Map<string, { light: Rendered; dark: Rendered }>> {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`no Chromium at ${CHROMIUM_PATH} (install Debian's chromium or set CHROMIUM_PATH)`);
  const { theme, options } = siteMermaidConfig();
  const bundle = await bundleMermaid();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    headless: true,
  });
  const out = new Map<string, { light: Rendered; dark: Rendered }>();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.setContent(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body style="margin:0"></body></html>',
    );
    await page.addScriptTag({ content: bundle });
    for (const d of diagrams) {
      if (out.has(d.hash)) continue;
      const both: Partial<Record<'light' | 'dark', Rendered>> = {};
      for (const mode of ['light', 'dark'] as const) {
        const id = `mermaid-${d.hash}-${mode}`;
        both[mode] = await page.evaluate(
          async ({ id, text, config }) => {
            type M = {
              initialize(c: unknown): void;
              render(id: string, text: string): Promise<{ svg: string }>;
            };
            const mermaid = (window as unknown as { mermaid: M }).mermaid;
            mermaid.initialize(config);
            const { svg } = await mermaid.render(id, text);
            // The accessible name: accTitle/accDescr when given, else the kind of diagram and its labels.
            const host = document.createElement('div');
            host.innerHTML = svg;
            document.body.appendChild(host);
            const el = host.querySelector('svg')!;
            const title = el.querySelector(':scope > title')?.textContent?.trim();
            const desc = el.querySelector(':scope > desc')?.textContent?.trim();
            let label: string;
            if (title) label = desc ? `${title}. ${desc}` : title;
            else {
              const kind = el.getAttribute('aria-roledescription') ?? 'diagram';
              const names: Record<string, string> = {
                'flowchart-v2': 'Flowchart',
                flowchart: 'Flowchart',
                sequence: 'Sequence diagram',
                class: 'Class diagram',
                stateDiagram: 'State diagram',
                er: 'Entity-relationship diagram',
              };
              // Groups and boxes first, then what the arrows say (participants, then messages, for a sequence).
              const passes =
                kind === 'sequence'
                  ? ['text.actor', '.messageText, .noteText']
                  : ['.cluster-label', '.node .nodeLabel, .node text', 'span.edgeLabel, g.edgeLabel text'];
              const seen = new Set<string>();
              const parts: string[] = [];
              for (const sel of passes) {
                const found = Array.from(el.querySelectorAll(sel));
                // Participants from left to right.
                if (sel === 'text.actor')
                  found.sort((a, b) => a.getBoundingClientRect().x - b.getBoundingClientRect().x);
                for (const n of found) {
                  // <br/> in an HTML label separates words (innerText); SVG text has no innerText.
                  const t = (n instanceof HTMLElement ? n.innerText : (n.textContent ?? ''))
                    .replace(/\s+/g, ' ')
                    .trim();
                  const key = t.replace(/[\s,]+/g, '');
                  if (t && !seen.has(key)) {
                    seen.add(key);
                    parts.push(t);
                  }
                }
              }
              label = `${names[kind] ?? 'Diagram'}${parts.length ? ': ' + parts.join('; ') : ''}`;
            }
            host.remove();
            return { svg, label };
          },
          { id, text: d.source, config: { startOnLoad: false, ...options, theme: theme[mode] } },
        );
        both[mode]!.svg = prefixIds(both[mode]!.svg, id);
      }
      if (/aria-roledescription="error"/.test(both.light!.svg))
        throw new Error(`${d.file}:${d.line}: Mermaid could not parse this diagram`);
      out.set(d.hash, { light: both.light!, dark: both.dark! });
    }
  } finally {
    await browser.close();
  }
  return out;
}

/**
 * Rounds the coordinates in path data, points and transforms to 2 decimals (Mermaid 11's shapes write long
 * curve lists with 15-digit numbers: this halves the file with no visible change).
 */
export function roundCoordinates(svg: string): string {
  return svg.replace(
    /(\s(?:d|points|transform)=")([^"]*)(")/g,
    (_m, a: string, v: string, b: string) =>
      a +
      v.replace(/(?<![\d.])-?\d+\.\d{3,}(?:e-?\d+)?(?![\d.e])/g, (n) => String(Math.round(Number(n) * 100) / 100)) +
      b,
  );
}

/** The accessible wrapper owns the name; the SVGs themselves are presentation only. */
function presentational(svg: string): string {
  return roundCoordinates(svg).replace(/^<svg\b([^>]*)>/, (_m, attrs: string) => {
    const kept = attrs.replace(/\s(?:role|aria-roledescription|aria-labelledby|aria-describedby)="[^"]*"/g, '');
    return `<svg${kept} aria-hidden="true" focusable="false">`;
  });
}

async function generate(): Promise<void> {
  const diagrams = docsDiagrams();
  const rendered = await renderAll(diagrams);
  mkdirSync(OUT_DIR, { recursive: true });
  for (const f of readdirSync(OUT_DIR)) if (/^[0-9a-f]{14}\.ts$/.test(f)) rmSync(path.join(OUT_DIR, f));
  const header =
    '// Generated by scripts/gen-diagrams.ts (npm run gen:diagrams) from the ```mermaid blocks under docs/. Do not edit.\n';
  const hashes = [...rendered.keys()].sort();
  for (const h of hashes) {
    const r = rendered.get(h)!;
    const d = diagrams.find((x) => x.hash === h)!;
    writeFileSync(
      path.join(OUT_DIR, `${h}.ts`),
      `${header}// ${diagrams
        .filter((x) => x.hash === h)
        .map((x) => `${x.file}:${x.line}`)
        .join(', ')}\n` +
        `import type { PrerenderedDiagram } from '../types';\n\n` +
        `const diagram: PrerenderedDiagram = {\n` +
        `  source: ${JSON.stringify(d.source)},\n` +
        `  label: ${JSON.stringify(r.light.label)},\n` +
        `  light: ${JSON.stringify(presentational(r.light.svg))},\n` +
        `  dark: ${JSON.stringify(presentational(r.dark.svg))},\n` +
        `};\n\nexport default diagram;\n`,
    );
  }
  const fp =
    `/** What the SVGs were rendered with (Mermaid and ELK versions, the site's Mermaid config). */\n` +
    `export const fingerprint = ${JSON.stringify(currentFingerprint())};\n\n`;
  // The browser build: one chunk per diagram, loaded only where it is shown (after a client-side navigation:
  // on a first visit the component reuses the server HTML). Nothing is preloaded.
  writeFileSync(
    path.join(OUT_DIR, 'index.ts'),
    `${header}// The browser's version of the module '${ALIAS}' (the server build gets ./server.ts, see docusaurus.config.ts).\n` +
      `import type { DiagramLoader, PrerenderedDiagram } from '../types';\n\n` +
      fp +
      `/** Diagram source hash (src/diagrams/hash.ts) -> its module, a separate chunk. */\n` +
      `export const diagrams: Record<string, DiagramLoader> = {\n` +
      hashes.map((h) => `  '${h}': () => import('./${h}'),\n`).join('') +
      `};\n\n` +
      `/** Diagrams available without loading anything (none in the browser). */\n` +
      `export const preloaded: Record<string, PrerenderedDiagram> = {};\n`,
  );
  // The server build: every diagram at hand synchronously, so the server HTML holds the SVG inline (a lazy
  // module would need a Suspense boundary, which React streams out of order for large content).
  writeFileSync(
    path.join(OUT_DIR, 'server.ts'),
    `${header}// The server's version of the module '${ALIAS}' (see docusaurus.config.ts).\n` +
      `import type { DiagramLoader, PrerenderedDiagram } from '../types';\n` +
      hashes.map((h) => `import d${h} from './${h}';\n`).join('') +
      `\nexport { fingerprint } from './index';\n\n` +
      `export const preloaded: Record<string, PrerenderedDiagram> = {\n` +
      hashes.map((h) => `  '${h}': d${h},\n`).join('') +
      `};\n\n` +
      `export const diagrams: Record<string, DiagramLoader> = Object.fromEntries(Object.entries(preloaded).map(([h, d]) => [h, () => Promise.resolve({ default: d })]));\n`,
  );
  console.log(
    `gen-diagrams: ${diagrams.length} diagram(s) in docs/, ${hashes.length} distinct, written to ${path.relative(root, OUT_DIR)}/`,
  );
}

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const problems = staleness();
    for (const p of problems) console.error(`gen-diagrams: ${p}`);
    if (problems.length) {
      console.error('gen-diagrams: stale: run npm run gen:diagrams');
      process.exitCode = 1;
    } else console.log('gen-diagrams: up to date');
  } else {
    generate().catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
  }
}
