/**
 * labs/core must run unchanged in a browser (the site's in-browser checker) and in the site build:
 * bundle every core module for the browser with esbuild and fail on any Node built-in, and
 * refuse `process`, `console`, `Buffer`, `require` and `__dirname` in core sources.
 */
import { build } from 'esbuild';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const core = join(root, 'labs', 'core');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('labs/core is browser-safe', () => {
  const files = walk(core);

  it('has modules to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('bundles for the browser with no Node built-ins', async () => {
    const result = await build({
      entryPoints: files,
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      outdir: '/virtual-out',
      logLevel: 'silent',
      metafile: true,
    }).catch((e: { errors?: Array<{ text: string; location?: { file: string; line: number } }> }) => e);
    const errors = 'errors' in result && result.errors ? result.errors : [];
    expect(errors.map((e) => `${e.location?.file}:${e.location?.line} ${e.text}`)).toEqual([]);
    const inputs = Object.keys((result as { metafile?: { inputs: object } }).metafile?.inputs ?? {});
    expect(inputs.filter((i) => i.startsWith('node:') || /^(fs|path|os|child_process)$/.test(i))).toEqual([]);
  }, 60_000);

  it('uses no process, console, Buffer, require or __dirname', () => {
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1')
        .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '""');
      for (const m of text.matchAll(/\b(process\.|console\.|Buffer\.|require\(|__dirname|__filename)/g))
        bad.push(`${relative(root, f)}: ${m[1]}`);
    }
    expect(bad).toEqual([]);
  });
});
