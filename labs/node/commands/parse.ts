/**
 * `web-infra-lab parse FILE [--kind K] [--format json|crossplane] [--extract DIR] [--comments]`
 *
 * Prints one file's AST and diagnostics as JSON on stdout (for Nginx with `--format crossplane`:
 * exactly crossplane's payload), and the diagnostics human-readably on stderr
 * (`file:line:col: severity: message [code]`). Exit 0 clean, 1 when the file has errors, 2 for a
 * usage error or a file that cannot be read as text (missing, a folder, over the size limit, binary).
 *
 * Start-up matters (the 6 MB Nginx bench times the whole process): only the parser needed is
 * loaded, the file is read directly (its folder is read lazily, only for includes), and the
 * output is one write.
 */
import { lstatSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type Diagnostic, type Span, decodeText } from '../../core/source';
import { normalizePath } from '../../core/vfs';
import { asciiText, loadFile } from '../fs';
import { type CliIO, TOOL_NAME, UsageError, parseCommandArgs } from '../io';
import type { Command } from '../command';

export const PARSE_KINDS = ['nginx', 'haproxy', 'mycnf', 'sql', 'shell'] as const;
export type ParseKind = (typeof PARSE_KINDS)[number];

const USAGE = `Usage: ${TOOL_NAME} parse FILE [options]

Parse one configuration file or provisioning script; print its AST and diagnostics as JSON.

Options:
  --kind K              nginx, haproxy, mycnf, sql or shell (default: detected from the content)
  --format F            json (default) or crossplane (Nginx only: crossplane's exact payload)
  --comments            keep # comments in the Nginx AST / crossplane payload
  --extract DIR         shell scripts: write each file the script leaves behind under DIR
                        at its target path (DIR/etc/haproxy/haproxy.cfg) and list them
  -h, --help            show this help

Exit status: 0 clean, 1 the file has errors, 2 usage error or unreadable file.
`;

interface Options {
  file: string;
  kind?: ParseKind;
  format: 'json' | 'crossplane';
  comments: boolean;
  extract?: string;
}

function parseOptions(args: string[]): Options | 'help' {
  const parsed = parseCommandArgs('parse', args, {
    kind: { type: 'string' },
    format: { type: 'string' },
    extract: { type: 'string' },
    comments: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length !== 1) {
    throw new UsageError(
      parsed.positionals.length === 0
        ? 'missing FILE'
        : `expected one FILE, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`,
      `Usage: ${TOOL_NAME} parse FILE [--kind K] [--format json|crossplane] [--extract DIR] [--comments]`,
    );
  }
  if (v.kind !== undefined && !(PARSE_KINDS as readonly string[]).includes(v.kind)) {
    throw new UsageError(`unknown --kind '${v.kind}'`, `Use one of: ${PARSE_KINDS.join(', ')}.`);
  }
  const format = v.format ?? 'json';
  if (format !== 'json' && format !== 'crossplane')
    throw new UsageError(`unknown --format '${format}'`, 'Use json or crossplane.');
  if (format === 'crossplane' && v.kind !== undefined && v.kind !== 'nginx')
    throw new UsageError('--format crossplane is for Nginx files only');
  if (v.comments && v.kind !== undefined && v.kind !== 'nginx')
    throw new UsageError('--comments is for Nginx files only');
  if (v.extract !== undefined && v.kind !== undefined && v.kind !== 'shell')
    throw new UsageError('--extract is for shell scripts only (--kind shell)');
  if (v.extract === '') throw new UsageError('--extract needs a folder');
  return {
    file: parsed.positionals[0],
    kind: v.kind as ParseKind | undefined,
    format,
    comments: !!v.comments,
    extract: v.extract,
  };
}

/** `file:line:col: severity: message [code]`, with the path as the user typed it. */
export function formatDiagnostic(d: Diagnostic, displayPath: (file: string) => string): string {
  const s = d.span;
  let line = `${displayPath(s.file)}:${s.line}:${s.column}: ${d.severity}: ${d.message} [${d.code}]`;
  if (d.hint) line += `\n  hint: ${d.hint}`;
  return line;
}

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

interface Extracted {
  target: string;
  span?: Span;
  written?: string;
  refused?: string;
  lines: number;
  exact: boolean;
}

/** Writes reconstructed files under `dir` at their target paths, never outside it. */
function extractFiles(
  dir: string,
  files: Array<{ target: string; text: string; exact: boolean; steps: Array<{ span: Span }> }>,
): Extracted[] {
  mkdirSync(dir, { recursive: true });
  const root = realpathSync(dir);
  const out: Extracted[] = [];
  for (const f of files) {
    const lines = f.text === '' ? 0 : f.text.split('\n').length - (f.text.endsWith('\n') ? 1 : 0);
    const rel = normalizePath(f.target.replace(/^\/+/, ''));
    if (rel === null || rel === '') {
      out.push({
        target: f.target,
        span: f.steps[0]?.span,
        refused: 'the target path would leave the extract folder',
        lines,
        exact: f.exact,
      });
      continue;
    }
    const dest = join(root, ...rel.split('/'));
    try {
      mkdirSync(dirname(dest), { recursive: true });
      const parentReal = realpathSync(dirname(dest));
      if (!isInside(root, parentReal)) {
        out.push({
          target: f.target,
          span: f.steps[0]?.span,
          refused: 'a symbolic link in the extract folder points outside it',
          lines,
          exact: f.exact,
        });
        continue;
      }
      let isLink = false;
      try {
        isLink = lstatSync(dest).isSymbolicLink();
      } catch {
        /* does not exist yet */
      }
      if (isLink) {
        out.push({
          target: f.target,
          span: f.steps[0]?.span,
          refused: 'the destination is a symbolic link',
          lines,
          exact: f.exact,
        });
        continue;
      }
      writeFileSync(dest, f.text);
      out.push({ target: f.target, written: dest, lines, exact: f.exact });
    } catch (err) {
      out.push({
        target: f.target,
        span: f.steps[0]?.span,
        refused: `cannot write: ${(err as Error).message}`,
        lines,
        exact: f.exact,
      });
    }
  }
  return out;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const opts = parseOptions(args);
  if (opts === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  const absFile = resolve(io.cwd, opts.file);
  // crossplane's payload is two to three times the file: it is written over the file's own
  // buffer (read with room for it) once the text is decoded
  const loaded = await loadFile(
    absFile,
    undefined,
    opts.format === 'crossplane' ? { room: (size) => 2 * size + 8192 } : undefined,
  );
  const { tree, entry } = loaded;
  const displayPath = (f: string) => (f === entry ? opts.file : join(dirname(opts.file), f));
  const printDiagnostics = (ds: Diagnostic[]) => {
    if (ds.length) io.stderr.write(ds.map((d) => formatDiagnostic(d, displayPath)).join('\n') + '\n');
  };

  if (!loaded.bytes) {
    printDiagnostics(loaded.diagnostics);
    return 2;
  }
  const decoded = decodeText(entry, loaded.bytes, undefined, asciiText);
  if (decoded.binary) {
    printDiagnostics(decoded.diagnostics);
    io.stderr.write(`hint: give a text configuration file or script\n`);
    return 2;
  }

  let kind = opts.kind;
  let sniffed: { kind: string; confidence: number; reason: string } | undefined;
  if (!kind) {
    const { sniff } = require('../../core/parsers/sniff') as typeof import('../../core/parsers/sniff');
    sniffed = sniff(opts.file, decoded.text);
    const k = sniffed.kind === 'firewall' ? 'shell' : sniffed.kind;
    if (!(PARSE_KINDS as readonly string[]).includes(k)) {
      throw new UsageError(
        sniffed.kind === 'unknown'
          ? `cannot tell what kind of file ${opts.file} is (${sniffed.reason})`
          : `${opts.file} looks like a ${sniffed.kind} file (${sniffed.reason}), which parse does not handle`,
        `Pass --kind with one of: ${PARSE_KINDS.join(', ')}.`,
      );
    }
    kind = k as ParseKind;
    io.stderr.write(
      `${TOOL_NAME} parse: ${opts.file}: detected kind ${sniffed.kind}${sniffed.kind !== kind ? ` (parsed as ${kind})` : ''} (confidence ${sniffed.confidence}: ${sniffed.reason})\n`,
    );
    if (opts.format === 'crossplane' && kind !== 'nginx')
      throw new UsageError(
        `--format crossplane is for Nginx files only; ${opts.file} was detected as ${sniffed.kind}`,
        'Pass --kind nginx if it is an Nginx file.',
      );
    if (opts.comments && kind !== 'nginx')
      throw new UsageError(`--comments is for Nginx files only; ${opts.file} was detected as ${sniffed.kind}`);
    if (opts.extract !== undefined && kind !== 'shell')
      throw new UsageError(
        `--extract is for shell scripts only; ${opts.file} was detected as ${sniffed.kind}`,
        'Pass --kind shell if it is a script.',
      );
  }

  let ast: unknown;
  let diagnostics: Diagnostic[];
  let stdout: string | undefined;
  let stdoutChunks: Uint8Array[] | undefined;
  switch (kind) {
    case 'nginx': {
      const { parseNginxCrossplane, parseNginxSource, treeSource } =
        require('../../core/parsers/nginx/parser') as typeof import('../../core/parsers/nginx/parser');
      // the entry is already decoded: do not decode it a second time
      const source = treeSource(tree, { [entry]: decoded });
      if (opts.format === 'crossplane') {
        // streamed: the payload's bytes are written while parsing, no AST is built
        const r = parseNginxCrossplane(source, entry, { comments: opts.comments, scratch: loaded.takeBuffer?.() });
        diagnostics = r.parse.diagnostics;
        stdoutChunks = r.chunks;
        ast = r.parse;
      } else {
        const parse = parseNginxSource(source, entry, { comments: opts.comments });
        diagnostics = parse.diagnostics;
        ast = parse;
      }
      break;
    }
    case 'mycnf': {
      const { parseMyCnf } =
        require('../../core/parsers/mycnf/parser') as typeof import('../../core/parsers/mycnf/parser');
      const r = parseMyCnf(tree, entry);
      ast = r.ast;
      diagnostics = r.diagnostics;
      break;
    }
    case 'haproxy': {
      const { parseHaproxy } =
        require('../../core/parsers/haproxy/parser') as typeof import('../../core/parsers/haproxy/parser');
      const r = parseHaproxy(entry, decoded.text);
      ast = r.ast;
      diagnostics = [...decoded.diagnostics, ...r.diagnostics];
      break;
    }
    case 'sql': {
      const { parseSql } = require('../../core/parsers/sql/parser') as typeof import('../../core/parsers/sql/parser');
      const r = parseSql(entry, decoded.text);
      ast = r.ast;
      diagnostics = [...decoded.diagnostics, ...r.diagnostics];
      break;
    }
    case 'shell': {
      const { reconstructScript } =
        require('../../core/parsers/shell/reconstruct') as typeof import('../../core/parsers/shell/reconstruct');
      const r = reconstructScript(entry, decoded.text);
      ast = r;
      diagnostics = [...decoded.diagnostics, ...r.diagnostics];
      if (opts.extract !== undefined) {
        const dir = resolve(io.cwd, opts.extract);
        const done = extractFiles(dir, r.files);
        const lines = done.map((e) =>
          e.written
            ? `wrote ${relative(io.cwd, e.written) || e.written} (${e.target}, ${e.lines} line${e.lines === 1 ? '' : 's'}${e.exact ? '' : ', not exact: see the diagnostics'})`
            : `refused ${e.target}: ${e.refused}`,
        );
        if (done.length === 0) lines.push(`${opts.file} writes no files that could be reconstructed`);
        stdout = lines.join('\n') + '\n';
        if (done.some((e) => e.refused)) {
          diagnostics.push(
            ...done
              .filter((e) => e.refused)
              .map((e) => ({
                code: 'parse/extract-refused',
                severity: 'error' as const,
                message: `not extracted: ${e.target} (${e.refused})`,
                span: e.span ?? { file: entry, line: 1, column: 1 },
              })),
          );
        }
      }
      break;
    }
    default:
      throw new UsageError(`unknown kind ${String(kind)}`);
  }
  // Diagnostics the lazy folder reader produced while following includes (links out, too large).
  diagnostics = [...diagnostics, ...loaded.diagnostics];

  if (stdoutChunks) {
    // the process's stdout takes the bytes as they are (no 12 MB string for a 6 MB config); an
    // in-process caller's io gets text
    const out = io.stdout;
    if (out.writeBytes) for (const c of stdoutChunks) out.writeBytes(c);
    else {
      const dec = new TextDecoder();
      io.stdout.write(stdoutChunks.map((c) => dec.decode(c, { stream: true })).join('') + dec.decode());
    }
    io.stdout.write('\n');
  } else if (stdout === undefined) {
    const payload: Record<string, unknown> = { file: opts.file, kind };
    if (sniffed) payload.sniff = sniffed;
    payload.ast = ast;
    payload.diagnostics = diagnostics;
    stdout = JSON.stringify(payload) + '\n';
  } else if (!stdout.endsWith('\n')) stdout += '\n';
  if (stdout !== undefined) io.stdout.write(stdout);
  printDiagnostics(diagnostics);
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

export const command: Command = {
  summary: 'parse one configuration file or provisioning script and print its AST and diagnostics',
  run,
};
