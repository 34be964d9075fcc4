/**
 * `web-infra-lab parse`: one scenario table, run in-process through main() with a fake io and
 * through the spawned compiled bin (dist/labs/cli/web-infra-lab.js, built here when missing or
 * older than the sources).
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../labs/node/main';
import { ensureCliBuilt } from '../cli-build';
import * as parseCommand from '../../labs/node/commands/parse';
import { MemoryTree } from '../../labs/core/vfs';
import * as sniffModule from '../../labs/core/parsers/sniff';
import * as nginxParser from '../../labs/core/parsers/nginx/parser';
import * as nginxCrossplane from '../../labs/core/parsers/nginx/crossplane';
import * as mycnfParser from '../../labs/core/parsers/mycnf/parser';
import * as haproxyParser from '../../labs/core/parsers/haproxy/parser';
import * as sqlParser from '../../labs/core/parsers/sql/parser';
import * as shellReconstruct from '../../labs/core/parsers/shell/reconstruct';
import { shared } from '../shared';

/*
 * main() loads a command, and the parse command its parser, with plain lazy `require()`s (for
 * start-up speed). Under vitest the sources are TypeScript that Node's own require cannot load, so
 * the test maps exactly those requires onto the modules vitest already loaded (one module graph,
 * so `UsageError` is the class main() checks). Any other .ts require fails the test loudly.
 */
const NodeModule = require('node:module') as {
  _extensions: Record<string, (m: { exports: unknown }, filename: string) => void>;
};
const labs = join(__dirname, '../../labs');
const parseSource = join(labs, 'node/commands/parse.ts');
const LAZY: Record<string, unknown> = {
  [parseSource]: parseCommand,
  [join(labs, 'core/parsers/sniff.ts')]: sniffModule,
  [join(labs, 'core/parsers/nginx/parser.ts')]: nginxParser,
  [join(labs, 'core/parsers/nginx/crossplane.ts')]: nginxCrossplane,
  [join(labs, 'core/parsers/mycnf/parser.ts')]: mycnfParser,
  [join(labs, 'core/parsers/haproxy/parser.ts')]: haproxyParser,
  [join(labs, 'core/parsers/sql/parser.ts')]: sqlParser,
  [join(labs, 'core/parsers/shell/reconstruct.ts')]: shellReconstruct,
};
const hadTs = '.ts' in NodeModule._extensions;

const root = join(__dirname, '../..');
const bin = join(root, 'dist/labs/cli/web-infra-lab.js');
const conformance = shared('conformance');
const nginxCases = join(conformance.path, 'nginx');
const nginxExpected = join(conformance.path, 'nginx-expected');
const solution = join(root, 'labs/specs/distributed-web/solution');

let work: string;
let outside: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface Scenario {
  name: string;
  args: () => string[];
  code: number;
  stdout?: (out: string) => void;
  stderr?: Array<string | RegExp>;
  after?: () => void;
}

const json = (s: string) =>
  JSON.parse(s) as Record<string, unknown> & {
    diagnostics: Array<{ code: string; severity: string; span: { line: number } }>;
  };
const codesOf = (s: string) => json(s).diagnostics.map((d) => d.code);
const expected = (name: string) => JSON.parse(readFileSync(join(nginxExpected, name), 'utf8'));

function setup(): void {
  work = mkdtempSync(join(tmpdir(), 'wil-parse-'));
  outside = mkdtempSync(join(tmpdir(), 'wil-outside-'));
  writeFileSync(join(outside, 'secret.cnf'), '[mysqld]\nsecret_option=1\n');
  writeFileSync(join(outside, 'secret.conf'), 'secret_directive on;\n');
  const w = (p: string, t: string | Uint8Array) => {
    mkdirSync(join(work, p, '..'), { recursive: true });
    writeFileSync(join(work, p), t);
  };
  w('db/my.cnf', '[mysqld]\nserver-id = 1\nlog_bin\n');
  w('db/broken.cnf', 'server-id=1\n[mysqld]\n[client\n');
  w('db/loop-a.cnf', '[mysqld]\n!include loop-b.cnf\n');
  w('db/loop-b.cnf', '[mysqld]\n!include loop-a.cnf\n');
  w('db/bom.cnf', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('[mysqld]\nport=3306\n')]));
  w('db/crlf.cnf', '[mysqld]\r\nport = 3306\r\n');
  w(
    'db/latin1.cnf',
    new Uint8Array([...new TextEncoder().encode('[mysqld]\n# M'), 0xf6, ...new TextEncoder().encode('lln\nport=1\n')]),
  );
  w('db/linker.cnf', '[mysqld]\n!include secret-link.cnf\n');
  symlinkSync(join(outside, 'secret.cnf'), join(work, 'db/secret-link.cnf'));
  w('db/setup.sql', readFileSync(join(solution, 'db-primary/setup.sql'), 'utf8'));
  w('db/bad.sql', "CHANGE MASTER TO MASTER_HOST='h' MASTER_PORT=3306;\n");
  w('lb/haproxy.cfg', readFileSync(join(solution, 'lb-01/haproxy.cfg'), 'utf8'));
  w('web/nginx.conf', 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n');
  w('web/conf.d/site.conf', 'server {\n    listen 80;\n}\n');
  w('web/linked.conf', 'events {}\nhttp {\n    include secret-link.conf;\n}\n');
  symlinkSync(join(outside, 'secret.conf'), join(work, 'web/secret-link.conf'));
  w('web/loop.conf', 'events {}\nhttp {\n    include loop.conf;\n}\n');
  w(
    'setup.sh',
    "#!/bin/bash\nsudo apt-get install -y haproxy\ncat <<'EOF' | sudo tee /etc/haproxy/haproxy.cfg\nglobal\n    daemon\nEOF\necho hi > ../../escape.txt\n",
  );
  w('notes.txt', 'Dear grader, here is my answer.\n');
  w('empty.cnf', '');
  w('binary.bin', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]));
  // 50 MB, sparse: the size check refuses it without reading it.
  writeFileSync(join(work, 'huge.cnf'), '');
  truncateSync(join(work, 'huge.cnf'), 50 * 1024 * 1024);
}

const p = (rel: string) => join(work, rel);

/** Scenarios on the shared conformance corpus are skipped, with the reason, where it is absent. */
const needsCorpus = (s: Scenario): boolean => !!conformance.missing && s.name.includes('(conformance:');
const label = (s: Scenario): string => (needsCorpus(s) ? `${s.name} (skipped: ${conformance.missing})` : s.name);

const SCENARIOS: Scenario[] = [
  {
    name: 'my.cnf detected by content, clean',
    args: () => [p('db/my.cnf')],
    code: 0,
    stdout: (o) => {
      const j = json(o) as unknown as {
        kind: string;
        sniff: { kind: string };
        ast: { options: Array<{ name: string }> };
        diagnostics: unknown[];
      };
      expect(j.kind).toBe('mycnf');
      expect(j.sniff.kind).toBe('mycnf');
      expect(j.ast.options.map((x) => x.name)).toEqual(['server_id', 'log_bin']);
      expect(j.diagnostics).toEqual([]);
    },
    stderr: [/detected kind mycnf \(confidence [0-9.]+: /],
  },
  {
    name: 'my.cnf with errors: exit 1, diagnostics as file:line:col on stderr',
    args: () => [p('db/broken.cnf'), '--kind', 'mycnf'],
    code: 1,
    stdout: (o) => expect(codesOf(o)).toEqual(['mycnf/option-outside-group', 'mycnf/bad-group-header']),
    stderr: [
      `${'db/broken.cnf'}:1:1: error: `,
      '[mycnf/option-outside-group]',
      ':3:1: error: ',
      '[mycnf/bad-group-header]',
    ],
  },
  {
    name: 'my.cnf include loop',
    args: () => [p('db/loop-a.cnf'), '--kind', 'mycnf'],
    code: 1,
    stdout: (o) => expect(codesOf(o)).toEqual(['mycnf/include-loop']),
    stderr: ['loop-b.cnf:2:10: error:', 'loop-a.cnf -> loop-b.cnf -> loop-a.cnf', '[mycnf/include-loop]'],
  },
  {
    name: 'my.cnf including a symlink out of the folder: refused, never read',
    args: () => [p('db/linker.cnf'), '--kind', 'mycnf'],
    code: 1,
    stdout: (o) => {
      expect(o).not.toContain('secret_option');
      expect(codesOf(o)).toEqual(expect.arrayContaining(['file/symlink-outside', 'mycnf/include-not-found']));
    },
    stderr: ['[file/symlink-outside]'],
  },
  {
    name: 'BOM: info, exit 0',
    args: () => [p('db/bom.cnf')],
    code: 0,
    stdout: (o) => expect(codesOf(o)).toEqual(['file/bom']),
  },
  {
    name: 'CRLF',
    args: () => [p('db/crlf.cnf'), '--kind', 'mycnf'],
    code: 0,
    stdout: (o) => expect((json(o).ast as { options: Array<{ value: string }> }).options[0].value).toBe('3306'),
  },
  {
    name: 'non-UTF-8 bytes: warning with the line',
    args: () => [p('db/latin1.cnf'), '--kind', 'mycnf'],
    code: 0,
    stdout: (o) => expect(json(o).diagnostics.map((d) => `${d.code}:${d.span.line}`)).toEqual(['file/invalid-utf8:2']),
    stderr: ['latin1.cnf:2:4: warning:'],
  },
  {
    name: 'empty file with --kind: clean',
    args: () => [p('empty.cnf'), '--kind', 'mycnf'],
    code: 0,
    stdout: (o) => expect(json(o).diagnostics).toEqual([]),
  },
  {
    name: 'empty file without --kind: cannot tell, exit 2',
    args: () => [p('empty.cnf')],
    code: 2,
    stderr: ['the file is empty', 'hint: Pass --kind'],
  },
  {
    name: 'binary file: exit 2 with file/binary',
    args: () => [p('binary.bin'), '--kind', 'sql'],
    code: 2,
    stderr: ['binary.bin:1:1: error:', '[file/binary]'],
  },
  {
    name: '50 MB file: refused with the limit named, exit 2',
    args: () => [p('huge.cnf')],
    code: 2,
    stderr: ['over the 10 MB limit', '[file/too-large]'],
  },
  {
    name: 'unknown content: exit 2 with a hint',
    args: () => [p('notes.txt')],
    code: 2,
    stderr: ['cannot tell what kind of file', '--kind'],
  },
  {
    name: 'SQL detected, statements',
    args: () => [p('db/setup.sql')],
    code: 0,
    stdout: (o) =>
      expect((json(o).ast as { statements: Array<{ kind: string }> }).statements.map((s) => s.kind)).toEqual([
        'create-database',
        'create-user',
        'grant',
        'create-user',
        'grant',
      ]),
    stderr: ['detected kind sql'],
  },
  {
    name: 'SQL syntax error: exit 1',
    args: () => [p('db/bad.sql'), '--kind', 'sql'],
    code: 1,
    stderr: ['bad.sql:1:34: error:', '[sql/missing-comma]'],
  },
  {
    name: 'HAProxy lab solution',
    args: () => [p('lb/haproxy.cfg'), '--kind', 'haproxy'],
    code: 0,
    stdout: (o) =>
      expect((json(o).ast as { sections: Array<{ type: string }> }).sections.map((s) => s.type)).toContain('backend'),
  },
  {
    name: 'Nginx with a globbed include in its folder',
    args: () => [p('web/nginx.conf')],
    code: 0,
    stdout: (o) =>
      expect((json(o).ast as { configs: Array<{ file: string }> }).configs.map((c) => c.file)).toEqual([
        'nginx.conf',
        'conf.d/site.conf',
      ]),
    stderr: ['detected kind nginx'],
  },
  {
    name: 'Nginx crossplane payload (conformance: simple)',
    args: () => [join(nginxCases, 'simple/nginx.conf'), '--kind', 'nginx', '--format', 'crossplane'],
    code: 0,
    stdout: (o) => expect(JSON.parse(o)).toEqual(expected('simple.json')),
  },
  {
    name: 'Nginx crossplane payload with comments (conformance: with-comments)',
    args: () => [join(nginxCases, 'with-comments/nginx.conf'), '--format', 'crossplane', '--comments'],
    code: 0,
    stdout: (o) => expect(JSON.parse(o)).toEqual(expected('with-comments.with-comments.json')),
  },
  {
    name: 'Nginx crossplane payload, globbed includes (conformance: includes-globbed)',
    args: () => [join(nginxCases, 'includes-globbed/nginx.conf'), '--kind', 'nginx', '--format', 'crossplane'],
    code: 0,
    stdout: (o) => expect(JSON.parse(o)).toEqual(expected('includes-globbed.json')),
  },
  {
    name: 'Nginx include of a symlink out of the folder: refused, never read',
    args: () => [p('web/linked.conf'), '--kind', 'nginx'],
    code: 1,
    stdout: (o) => {
      expect(o).not.toContain('secret_directive');
      expect(codesOf(o)).toContain('file/symlink-outside');
    },
    stderr: ['[file/symlink-outside]'],
  },
  {
    name: 'Nginx include loop: a precise diagnostic',
    args: () => [p('web/loop.conf'), '--kind', 'nginx'],
    code: 1,
    stdout: (o) => expect(codesOf(o).some((c) => /loop/.test(c))).toBe(true),
  },
  {
    name: 'shell script --extract: files under DIR, escapes refused',
    args: () => [p('setup.sh'), '--extract', p('out')],
    code: 1,
    stdout: (o) => {
      expect(o).toMatch(/^wrote .*out\/etc\/haproxy\/haproxy\.cfg \(\/etc\/haproxy\/haproxy\.cfg, 2 lines\)$/m);
      expect(o).toMatch(/^refused \.\.\/\.\.\/escape\.txt: the target path would leave the extract folder$/m);
    },
    stderr: ['setup.sh:7:', '[parse/extract-refused]'],
    after: () => {
      expect(readFileSync(p('out/etc/haproxy/haproxy.cfg'), 'utf8')).toBe('global\n    daemon\n');
      expect(existsSync(join(work, '..', 'escape.txt'))).toBe(false);
      rmSync(p('out'), { recursive: true, force: true });
    },
  },
  {
    name: 'shell script JSON: reconstructed files with origins',
    args: () => [p('setup.sh'), '--kind', 'shell'],
    code: 0,
    stdout: (o) => {
      const j = json(o) as unknown as { ast: { files: Array<{ target: string; origin: Array<{ line: number }> }> } };
      const f = j.ast.files.find((x) => x.target === '/etc/haproxy/haproxy.cfg')!;
      expect(f.origin.map((x) => x.line)).toEqual([4, 5]);
    },
  },
  {
    name: 'usage: unknown option',
    args: () => [p('db/my.cnf'), '--bogus'],
    code: 2,
    stderr: ["Unknown option '--bogus'", 'parse --help'],
  },
  { name: 'usage: missing FILE', args: () => [], code: 2, stderr: ['missing FILE'] },
  { name: 'usage: two files', args: () => [p('db/my.cnf'), p('db/crlf.cnf')], code: 2, stderr: ['expected one FILE'] },
  {
    name: 'usage: unknown kind',
    args: () => [p('db/my.cnf'), '--kind', 'yaml'],
    code: 2,
    stderr: ["unknown --kind 'yaml'"],
  },
  {
    name: 'usage: unknown format',
    args: () => [p('db/my.cnf'), '--format', 'xml'],
    code: 2,
    stderr: ["unknown --format 'xml'"],
  },
  {
    name: 'usage: crossplane for a non-Nginx kind',
    args: () => [p('db/my.cnf'), '--kind', 'mycnf', '--format', 'crossplane'],
    code: 2,
    stderr: ['Nginx files only'],
  },
  {
    name: 'usage: crossplane for a file detected as my.cnf',
    args: () => [p('db/my.cnf'), '--format', 'crossplane'],
    code: 2,
    stderr: ['detected as mycnf'],
  },
  {
    name: 'usage: --extract for SQL',
    args: () => [p('db/setup.sql'), '--extract', p('x')],
    code: 2,
    stderr: ['shell scripts only'],
  },
  { name: 'unreadable: no such file', args: () => [p('nope.cnf')], code: 2, stderr: ['no such file'] },
  { name: 'unreadable: a folder', args: () => [p('db')], code: 2, stderr: ['is a folder'] },
  { name: 'help', args: () => ['--help'], code: 0, stdout: (o) => expect(o).toContain('--format F') },
];

async function inProcess(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['parse', ...args], {
    cwd: work,
    env: {},
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
  });
  return { code, stdout, stderr };
}

function spawned(args: string[]): Run {
  const r = spawnSync(process.execPath, [bin, 'parse', ...args], {
    cwd: work,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!hadTs) {
    NodeModule._extensions['.ts'] = (m, filename) => {
      if (!(filename in LAZY)) throw new Error(`unexpected require of ${filename}`);
      m.exports = LAZY[filename];
    };
  }
  setup();
  ensureCliBuilt();
}, 300_000);

afterAll(() => {
  if (!hadTs) delete NodeModule._extensions['.ts'];
  rmSync(work, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function check(s: Scenario, r: Run): void {
  expect(r.code, `exit code; stderr:\n${r.stderr}`).toBe(s.code);
  if (s.stdout) s.stdout(r.stdout);
  // The path as typed: the tests pass absolute paths; show them relative to the work folder.
  const err = r.stderr.split(work + '/').join('');
  for (const want of s.stderr ?? []) {
    if (typeof want === 'string') expect(err).toContain(want);
    else expect(err).toMatch(want);
  }
  expect(r.stderr).not.toMatch(/internal error|\n\s+at .*\(.*:\d+:\d+\)/);
  s.after?.();
}

describe('parse command, in-process (main with a fake io)', () => {
  for (const s of SCENARIOS) it.skipIf(needsCorpus(s))(label(s), async () => check(s, await inProcess(s.args())));
});

describe('parse command, spawned bin', () => {
  for (const s of SCENARIOS) it.skipIf(needsCorpus(s))(label(s), () => check(s, spawned(s.args())));

  it("a payload written over the file's own buffer: the same as in-process, also when the full parser takes over late", () => {
    // big enough for the buffer to be reused (3x the file > 64 KB); the broken variant fails the
    // fast path near its end (an unknown directive, an include of the file itself), after most of
    // the buffer was written over
    const servers = Array.from(
      { length: 400 },
      (_, k) =>
        `  server {\n    listen 80;\n    server_name h${k}.example.com;\n    location / { root /srv/h${k}; }\n  }\n`,
    ).join('');
    const dir = mkdtempSync(join(tmpdir(), 'wil-reuse-'));
    try {
      for (const [name, text] of [
        ['clean.conf', `events {}\nhttp {\n${servers}}\n`],
        ['broken.conf', `events {}\nhttp {\n${servers}  include broken.conf;\n  bogus_directive on;\n}\n`],
      ]) {
        writeFileSync(join(dir, name), text);
        expect(text.length * 3).toBeGreaterThan(1 << 16);
        const r = spawned([join(dir, name), '--kind', 'nginx', '--format', 'crossplane']);
        const tree = new MemoryTree({ [name]: text });
        const want = JSON.stringify(nginxCrossplane.toCrossplane(nginxParser.parseNginx(tree, name)));
        expect(r.stdout).toBe(want + '\n');
        expect(r.code).toBe(name === 'clean.conf' ? 0 : 1);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!!conformance.missing)(
    `writes the whole crossplane payload in one piece to a pipe${conformance.missing ? ` (skipped: ${conformance.missing})` : ''}`,
    () => {
      const r = spawned([join(nginxCases, 'messy/nginx.conf'), '--kind', 'nginx', '--format', 'crossplane']);
      expect(JSON.parse(r.stdout)).toEqual(expected('messy.json'));
    },
  );
});
