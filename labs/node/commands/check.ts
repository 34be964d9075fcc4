/**
 * `web-infra-lab check [DIR] [--lab ID] [--format F] [--only GLOB]... [--output FILE]
 *  [--no-real-tools] [--live] [--exit-zero] [--no-color]` (what `npm run check-lab` runs).
 *
 * Exit: 0 every required check passes, 1 any fails, 2 usage / spec / unreadable input.
 * Machine formats go to stdout only; `--output FILE` writes the report there and prints a
 * one-line summary on stderr.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { type CliIO, TOOL_NAME, UsageError, parseCommandArgs } from '../io';
import { projectRoot } from '../paths';
import type { Command } from '../main';
import type { FormatName } from '../../core/report/index';
import type { Report } from '../../core/report/types';

/**
 * A V8 code cache for the compiled CLI's own modules (Node 20 has no built-in compile cache):
 * most of a `check` run is compiling and first-running about 700 KB of JavaScript, and V8's
 * cached code (made after the run, so it holds the functions that ran) cuts that. Kept in
 * node_modules/.cache/web-infra-lab, keyed by each file's SHA-1 and the Node version; written
 * atomically; skipped when not writable, under tests, or with WEB_INFRA_LAB_NO_CACHE=1.
 */
export function installCompileCache(env: CliIO['env']): void {
  if (env.WEB_INFRA_LAB_NO_CACHE === '1' || env.VITEST !== undefined || process.env.VITEST !== undefined) return;
  const Module = require('node:module') as {
    prototype: { _compile(content: string, filename: string): unknown };
    wrap(s: string): string;
    _resolveFilename(r: string, m: unknown, isMain: boolean, o?: unknown): string;
    _cache: unknown;
    _extensions: unknown;
  };
  const vm = require('node:vm') as typeof import('node:vm');
  const crypto = require('node:crypto') as typeof import('node:crypto');
  const root = join(projectRoot, 'dist') + sep;
  const file = join(projectRoot, 'node_modules', '.cache', 'web-infra-lab', `v8-${process.version}-${process.arch}.bin`);
  const cache = new Map<string, { h: string; data: Buffer }>();
  try {
    const buf = readFileSync(file);
    const n = buf.readUInt32LE(0);
    let off = 4 + n;
    for (const [k, h, len] of JSON.parse(buf.subarray(4, 4 + n).toString('utf8')) as Array<[string, string, number]>) {
      cache.set(k, { h, data: buf.subarray(off, off + len) });
      off += len;
    }
  } catch {
    /* no cache yet, or unreadable: compile normally */
  }
  const fresh: Array<[string, string, import('node:vm').Script]> = [];
  const orig = Module.prototype._compile;
  Module.prototype._compile = function (this: { exports: unknown; require(id: string): unknown }, content: string, filename: string) {
    // A module with a dynamic import() is compiled the normal way (vm.Script's import() callback is not dependable on Node 20).
    if (!filename.startsWith(root) || content.includes('import(')) return orig.call(this, content, filename);
    const code = content.startsWith('#!') ? '//' + content : content;
    const h = crypto.createHash('sha1').update(code).digest('hex');
    const e = cache.get(filename);
    const script = new vm.Script(Module.wrap(code), { filename, cachedData: e && e.h === h ? e.data : undefined });
    if (!e || e.h !== h || script.cachedDataRejected) fresh.push([filename, h, script]);
    const mod = this;
    const req = Object.assign((id: string) => mod.require(id), {
      resolve: (r: string, o?: unknown) => Module._resolveFilename(r, mod, false, o),
      main: require.main,
      cache: Module._cache,
      extensions: Module._extensions,
    });
    const fn = script.runInThisContext({ displayErrors: true }) as (...a: unknown[]) => unknown;
    return fn.call(mod.exports, mod.exports, req, mod, filename, dirname(filename));
  };
  process.once('exit', () => {
    if (fresh.length === 0) return;
    try {
      for (const [k, h, s] of fresh) cache.set(k, { h, data: s.createCachedData() });
      const entries = [...cache];
      const head = Buffer.from(JSON.stringify(entries.map(([k, v]) => [k, v.h, v.data.length])), 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32LE(head.length);
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat([len, head, ...entries.map(([, v]) => v.data)]));
      renameSync(tmp, file);
    } catch {
      /* a read-only install: no cache */
    }
  });
}

const FORMATS = ['pretty', 'json', 'junit', 'sarif', 'github', 'gradescope'];

export const USAGE = `Usage: ${TOOL_NAME} check [DIR] [options]

Check a lab answer folder (default: the current folder) and print which requirements it meets.

Options:
  --lab ID              the lab to check against (default: \`lab:\` in answers.yaml or
                        inventory.yaml, or the only lab)
  --format F            pretty (default), json, junit, sarif, github or gradescope
  --only GLOB           run only the checks whose id matches (e.g. 'haproxy/*'); repeatable
  --output FILE         write the report to FILE and print a one-line summary on stderr
  --no-real-tools       do not run haproxy -c / nginx -t even when they are installed
  --live                also start the topology in a sandbox and probe it (live mode)
  --exit-zero           exit 0 even when checks fail (report-only pipelines)
  --no-color            no ANSI colour (also: NO_COLOR set, or output not a terminal)
  -h, --help            show this help

Exit status: 0 every required check passes, 1 some fail, 2 usage, spec or unreadable-input error.
`;

export interface CheckArgs {
  dir: string;
  lab?: string;
  format: FormatName;
  only: string[];
  output?: string;
  realTools: boolean;
  live: boolean;
  exitZero: boolean;
  color?: boolean;
}

export function parseCheckArgs(args: string[]): CheckArgs | 'help' {
  const parsed = parseCommandArgs('check', args, {
      lab: { type: 'string' },
      format: { type: 'string', short: 'f' },
      only: { type: 'string', multiple: true },
      output: { type: 'string', short: 'o' },
      'no-real-tools': { type: 'boolean' },
      live: { type: 'boolean' },
      'exit-zero': { type: 'boolean' },
      'no-color': { type: 'boolean' },
      color: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length > 1) throw new UsageError(`expected one folder, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`, 'Check one answer folder at a time (use `grade` for many).');
  const format = (v.format ?? 'pretty') as FormatName;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${v.format}'`, `Formats: ${FORMATS.join(', ')}.`);
  return {
    dir: parsed.positionals[0] ?? '.',
    lab: v.lab,
    format,
    only: v.only ?? [],
    output: v.output,
    realTools: !v['no-real-tools'],
    live: v.live === true,
    exitZero: v['exit-zero'] === true,
    color: v['no-color'] ? false : v.color ? true : undefined,
  };
}

/** no-color.org + FORCE_COLOR; a flag wins over both; otherwise colour only on a terminal. */
export function useColor(flag: boolean | undefined, env: CliIO['env'], isTTY: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY === true;
}

export function summaryLine(r: Report): string {
  const failed = r.checks.filter((c) => c.status === 'fail' || c.status === 'error').length;
  return `${r.lab}: ${r.score}/${r.maxScore} points, ${failed === 0 ? 'all required checks pass' : `${failed} check(s) failing`}${r.passed ? '' : ' (not passed)'}`;
}

export const command: Command = {
  summary: 'check a lab answer folder',
  async run(args: string[], io: CliIO): Promise<number> {
    const a = parseCheckArgs(args);
    if (a === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    // `npm run check-lab` runs in the package folder; the folder the learner typed it in is INIT_CWD.
    const base = io.env.npm_lifecycle_event === 'check-lab' && io.env.INIT_CWD ? io.env.INIT_CWD : io.cwd;
    const dir = resolve(base, a.dir);
    if (resolve(dir) === resolve(projectRoot) && !a.lab) {
      throw new UsageError(
        `${a.dir === '.' ? 'the current folder' : a.dir} is the web-infra-lab project itself, not an answer folder`,
        'Give the folder with your answer, e.g. `npm run check-lab -- my-answer` (or try the bundled example: `npm run check-lab -- labs/specs/distributed-web/examples/starter`).',
      );
    }
    installCompileCache(io.env);
    // Loaded after the compile cache is in place (and only for a real run, not --help or a usage error).
    const { checkDir } = require('../check') as typeof import('../check');
    const { formatReport } = require('../../core/report/index') as typeof import('../../core/report/index');
    const report = await checkDir(dir, {
      lab: a.lab,
      realTools: a.realTools && io.env.WEB_INFRA_LAB_NO_REAL_TOOLS !== '1',
      only: a.only.length ? a.only : undefined,
      live: a.live,
      signal: io.signal,
      siteUrl: io.env.WEB_INFRA_LAB_DOCS_URL || undefined,
    });
    report.submission = a.dir;
    const color = a.output ? false : useColor(a.color, io.env, io.stdout.isTTY);
    const texts = new Map<string, string | undefined>();
    const sourceText = (file: string) => {
      if (!texts.has(file)) {
        try {
          texts.set(file, readFileSync(resolve(dir, file), 'utf8'));
        } catch {
          texts.set(file, undefined);
        }
      }
      return texts.get(file);
    };
    const out = formatReport(report, a.format, { color, sourceText });
    if (a.output) {
      try {
        writeFileSync(resolve(base, a.output), out);
      } catch (err) {
        throw new UsageError(`cannot write ${a.output}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      io.stderr.write(`${summaryLine(report)}; report written to ${a.output}\n`);
    } else io.stdout.write(out);
    if (a.exitZero) return 0;
    return report.passed ? 0 : 1;
  },
};
