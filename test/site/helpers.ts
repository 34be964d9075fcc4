/**
 * Shared by the site tests and bench/site.bench.ts: a tiny static server for the built site (so the tests
 * control the port and the base URL), the build runner, and Chromium discovery.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export const root = resolve(__dirname, '..', '..');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for Debian's Chromium in a sandbox-less container, never touching the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticSite {
  server: Server;
  /** e.g. http://127.0.0.1:41234/web-infra-lab/ */
  origin: string;
  base: string;
  close(): Promise<void>;
}

/**
 * Serves `dir` under `base` the way GitHub Pages serves a Docusaurus build with trailingSlash: false:
 * `/base/docs/qa` -> `docs/qa.html`, `/base/docs/` -> `docs/index.html`, unknown -> 404.html with status 404.
 * Text is gzip-compressed when the client accepts it, as GitHub Pages does (Lighthouse measures transfer sizes).
 */
export async function serveStatic(dir: string, base: string): Promise<StaticSite> {
  const rootDir = resolve(dir);
  const gzipped = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(base)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('outside the base URL');
      return;
    }
    path = path.slice(base.length);
    const candidates =
      path === '' || path.endsWith('/') ? [join(path, 'index.html')] : [path, `${path}.html`, join(path, 'index.html')];
    for (const c of candidates) {
      const file = normalize(join(rootDir, c));
      if (file !== rootDir && !file.startsWith(rootDir + sep)) break;
      if (existsSync(file) && statSync(file).isFile()) {
        const type = TYPES[extname(file)] ?? 'application/octet-stream';
        const headers: Record<string, string> = {
          'content-type': type,
          'cache-control': c.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          vary: 'accept-encoding',
        };
        let body: Buffer = readFileSync(file);
        if (
          /text|javascript|json|xml|svg/.test(type) &&
          /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
        ) {
          const st = statSync(file);
          const key = `${file}\0${st.mtimeMs}\0${st.size}`;
          let z = gzipped.get(key);
          if (!z) gzipped.set(key, (z = gzipSync(body)));
          body = z;
          headers['content-encoding'] = 'gzip';
        }
        res.writeHead(200, headers);
        res.end(body);
        return;
      }
    }
    const notFound = join(rootDir, '404.html');
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(existsSync(notFound) ? readFileSync(notFound) : 'not found');
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    base,
    origin: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export interface BuildResult {
  code: number | null;
  output: string;
  ms: number;
}

/** Runs `docusaurus build --out-dir OUT` in the project root (one process; output captured). */
export function buildSite(outDir: string, env: Record<string, string | undefined> = {}): Promise<BuildResult> {
  const started = Date.now();
  return new Promise((ok, fail) => {
    const child = spawn(
      process.execPath,
      [join(root, 'node_modules/@docusaurus/core/bin/docusaurus.mjs'), 'build', '--out-dir', outDir],
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, output, ms: Date.now() - started }));
  });
}

/** Paths (relative to the base URL, no leading slash) of every page in the built sitemap. */
export function sitemapPaths(buildDir: string, siteUrl: string, base: string): string[] {
  const xml = readFileSync(join(buildDir, 'sitemap.xml'), 'utf8');
  const prefix = siteUrl.replace(/\/+$/, '') + base;
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => {
    const loc = m[1]!;
    if (!loc.startsWith(prefix)) throw new Error(`sitemap entry ${loc} is not under ${prefix}`);
    return loc.slice(prefix.length);
  });
}

/**
 * The site's data (plugins/labs-data.ts: catalogue + lab specs) loaded with jiti, exactly as Docusaurus
 * loads the plugin. (The specs module requires TypeScript lazily, which only a TS-aware loader can follow.)
 */
export function loadLabsData(): import('../../plugins/labs-data').LabsData {
  const req = createRequire(join(root, 'node_modules/@docusaurus/utils/lib/moduleUtils.js'));
  const jiti = req('jiti') as (file: string, opts: Record<string, unknown>) => (id: string) => unknown;
  const load = jiti(__filename, { cache: true, requireCache: false, interopDefault: false });
  const mod = load(join(root, 'plugins/labs-data.ts')) as typeof import('../../plugins/labs-data');
  return mod.readLabsData(root);
}
