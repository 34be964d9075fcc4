/**
 * The docs' own examples are checked, always (issue: the course). Every HAProxy, Nginx, option-file and SQL
 * block under docs/ runs through the real tools as the checker runs them (haproxy -c and nginx -t in their
 * sandbox, with the same stand-ins for certificates and host names), my_print_defaults, and this project's
 * parsers; a block that claims to be a correct answer (`answer=<host>` on its fence) also goes through the
 * checks of its component in the reference solution's place. A block is left out only when its fence says
 * why: `fragment` (lines that are not a file on their own). An example of a mistake (`incorrect`) is still
 * checked: a realistic mistake is valid syntax, unless its fence also says `invalid`, and then the tool must
 * reject it.
 * Block context the page leaves implicit is added as the checker adds it: a `location` goes into a
 * `server`, a site file into `http`, a HAProxy section gets a `defaults` and the backends it names.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { buildModel } from '../../labs/core/model/build';
import { parseSql } from '../../labs/core/parsers/sql';
import { MemoryTree } from '../../labs/core/vfs';
import { findTool, runRealTools } from '../../labs/node/realtools';
import { loadLab } from '../../labs/node/specs';
import { solutionFiles } from '../checks/checkTester';
import { docsDir, walk } from './pages';

export interface Block {
  file: string;
  line: number;
  lang: string;
  meta: string;
  body: string;
}

/** Fenced code blocks of the docs (any indentation), with their fence meta. */
export function blocks(langs: string[]): Block[] {
  const out: Block[] = [];
  for (const f of walk(docsDir)) {
    const lines = readFileSync(f, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /^(\s*)(`{3,})(\w*)(.*)$/.exec(lines[i]!);
      if (!m) continue;
      const [, indent, fence, lang, meta] = m;
      let j = i + 1;
      while (j < lines.length && !new RegExp(`^\\s*${fence}\\s*$`).test(lines[j]!)) j++;
      if (langs.includes(lang!))
        out.push({
          file: relative(docsDir, f),
          line: i + 1,
          lang: lang!,
          meta: meta!.trim(),
          body:
            lines
              .slice(i + 1, j)
              .map((l) => (l.startsWith(indent!) ? l.slice(indent!.length) : l))
              .join('\n') + '\n',
        });
      i = j;
    }
  }
  return out;
}

const LANGS = ['haproxy', 'nginx', 'ini', 'sql', 'keepalived'];
const all = blocks(LANGS);
const skipped = (b: Block) => /(^|\s)fragment(\s|$)/.test(b.meta);
/** A block showing a mistake the tool itself rejects: the tool must reject it (so it cannot drift either). */
const invalid = (b: Block) => /(^|\s)invalid(\s|$)/.test(b.meta);
const checked = all.filter((b) => !skipped(b));
const answerHost = (b: Block) => /(?:^|\s)answer=([\w-]+)/.exec(b.meta)?.[1];

const lab = loadLab('distributed-web');
const lab3 = loadLab('no-spof');
const tools = [
  !findTool('keepalived') && 'keepalived',
  !findTool('haproxy') && 'haproxy',
  !findTool('nginx') && 'nginx',
  !findTool('my_print_defaults') && 'my_print_defaults',
]
  .filter(Boolean)
  .join(', ');
if (tools && process.env.CI === 'true') throw new Error(`CI needs ${tools} for the docs snippet test`);

/**
 * A HAProxy block as a whole file: a defaults section when it has none, a stub for every backend it names but
 * lacks, and a frontend when it has none (haproxy -c exits 2 on a file that would not listen anywhere).
 */
function haproxyFile(body: string): string {
  let text = body;
  if (!/^defaults\b/m.test(text))
    text = 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\n' + text;
  const defined = new Set([...text.matchAll(/^(?:backend|listen)\s+(\S+)/gm)].map((m) => m[1]));
  for (const m of text.matchAll(/^\s*(?:default_backend|use_backend)\s+(\S+)/gm)) {
    if (!defined.has(m[1])) {
      text += `\nbackend ${m[1]}\n    server stub 10.0.0.11:80\n`;
      defined.add(m[1]);
    }
  }
  if (!/^(frontend|listen)\b/m.test(text)) {
    let first = [...text.matchAll(/^backend\s+(\S+)/gm)][0]?.[1];
    if (!first) text += `\nbackend ${(first = 'stub')}\n    server stub 10.0.0.11:80\n`;
    text += `\nfrontend stub\n    bind 127.0.0.1:8080\n    default_backend ${first}\n`;
  }
  return text;
}

/** An Nginx block as a site file (what sites-available/default holds). */
function nginxFile(body: string): string {
  if (/^\s*(http|events)\s*\{/m.test(body) || /^\s*server\s*\{/m.test(body.replace(/^\s*#.*$/gm, ''))) return body;
  if (/^\s*upstream\b/m.test(body)) return body.replace(/^(\s*location\b[\s\S]*)$/m, 'server {\n    listen 80;\n$1}\n');
  return `server {\n    listen 80;\n${body}}\n`;
}

async function realTool(b: Block): Promise<string[]> {
  const files: Record<string, string> =
    b.lang === 'haproxy' ? { 'lb-01/haproxy.cfg': haproxyFile(b.body) } : { 'web-01/default': nginxFile(b.body) };
  const model = buildModel(new MemoryTree(files), lab);
  const id = b.lang === 'haproxy' ? 'haproxy/valid-config' : 'nginx/valid-config';
  const external = await runRealTools(model, { checks: new Set([id]) });
  return (external[id] ?? [])
    .filter((f) => (f.severity ?? 'error') === 'error')
    .map((f) => `${f.data?.detail ?? f.messageId}`);
}

/** A keepalived block as lb-01's keepalived.conf in lab 3: what its parser and `keepalived -t` say (errors only). */
async function keepalivedErrors(b: Block, withTool: boolean): Promise<string[]> {
  const model = buildModel(new MemoryTree({ ...solutionFiles('no-spof'), 'lb-01/keepalived.conf': b.body }), lab3);
  const parsed = model.hosts['lb-01']!.units.keepalived?.[0];
  const errors = (parsed?.diagnostics ?? [])
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.span.line}: ${d.message}`);
  if (!withTool) return errors;
  const id = 'keepalived/valid-config';
  const external = await runRealTools(model, { checks: new Set([id]) });
  return [
    ...errors,
    ...(external[id] ?? [])
      .filter((f) => (f.severity ?? 'error') === 'error' && (!f.loc || f.loc.file === 'lb-01/keepalived.conf'))
      .map((f) => `keepalived -t: ${f.data?.detail ?? f.messageId}`),
  ];
}

function optionFile(b: Block): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'wil-snippet-'));
  try {
    const f = join(dir, 'my.cnf');
    writeFileSync(f, b.body);
    execFileSync('my_print_defaults', [`--defaults-file=${f}`, 'mysqld'], { stdio: 'pipe' });
    return [];
  } catch (e) {
    return [String((e as { stderr?: Buffer }).stderr ?? e).trim()];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The block in the reference solution's place: the checks of its component must not fail. */
function asAnswer(b: Block, host: string): string[] {
  const sol = solutionFiles();
  const target = Object.keys(sol).find(
    (p) => p.startsWith(`${host}/`) && (b.lang === 'sql' ? p.endsWith('.sql') : !p.endsWith('.sql')),
  )!;
  const body = b.lang === 'nginx' ? nginxFile(b.body) : b.body;
  const tree = new MemoryTree({
    ...sol,
    [target]: body,
    ...(host.startsWith('web-') ? { 'web-02/default': body.replace(/web-01/g, 'web-02') } : {}),
  });
  const component = { haproxy: 'haproxy', nginx: 'nginx', ini: 'mysql', sql: 'mysql' }[b.lang]!;
  const only = lab.checks.filter((c) => c.id.startsWith(`${component}/`) && !c.id.endsWith('/valid-config'));
  const r = checkSubmission({ tree, submission: b.file, lab: { ...lab, checks: only }, strict: true });
  return r.checks
    .filter((c) => c.status === 'fail' || c.status === 'error')
    .map((c) => `${c.id}: ${c.findings.map((f) => f.message).join(' | ')}`);
}

describe("the docs' own examples", () => {
  it('at least 60 blocks are checked, and every block left out says why', () => {
    expect(checked.length).toBeGreaterThanOrEqual(60);
    for (const b of all.filter(skipped)) expect(b.meta, `${b.file}:${b.line}`).toMatch(/fragment/);
  });

  for (const b of checked.filter((x) => x.lang === 'sql')) {
    it(`${b.file}:${b.line} (sql) ${invalid(b) ? 'is rejected' : 'parses without an error'}`, () => {
      const r = parseSql(b.file, b.body);
      const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.span.line}: ${d.message}`);
      if (invalid(b)) expect(errors).not.toEqual([]);
      else expect(errors).toEqual([]);
    });
  }

  describe.skipIf(!!tools)(`with the real tools${tools ? ` (skipped: ${tools} not installed)` : ''}`, () => {
    for (const b of checked.filter((x) => x.lang === 'haproxy' || x.lang === 'nginx')) {
      it(`${b.file}:${b.line} (${b.lang}) ${invalid(b) ? 'is rejected by' : 'passes'} ${b.lang === 'haproxy' ? 'haproxy -c' : 'nginx -t'}`, async () => {
        if (invalid(b)) expect(await realTool(b)).not.toEqual([]);
        else expect(await realTool(b)).toEqual([]);
      });
    }
    for (const b of checked.filter((x) => x.lang === 'keepalived')) {
      it(`${b.file}:${b.line} (keepalived) ${invalid(b) ? 'is rejected by' : 'passes'} keepalived -t and the parser`, async () => {
        if (invalid(b)) expect(await keepalivedErrors(b, true)).not.toEqual([]);
        else expect(await keepalivedErrors(b, true)).toEqual([]);
      });
    }
    for (const b of checked.filter((x) => x.lang === 'ini')) {
      it(`${b.file}:${b.line} (option file) ${invalid(b) ? 'is rejected by' : 'passes'} my_print_defaults`, () => {
        if (invalid(b)) expect(optionFile(b)).not.toEqual([]);
        else expect(optionFile(b)).toEqual([]);
      });
    }
  });

  for (const b of checked.filter((x) => answerHost(x))) {
    it(`${b.file}:${b.line} (${b.lang}) is a correct answer for ${answerHost(b)}: its component's checks pass`, () => {
      expect(asAnswer(b, answerHost(b)!)).toEqual([]);
    });
  }
});
