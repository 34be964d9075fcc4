// The real tool as the reference: `haproxy -c -f FILE` (Debian 12: haproxy 2.6) on every
// conformance file, every tricky case and the keyword table. Our parser and haproxy must agree
// on SYNTAX: every line haproxy rejects for a syntax reason we flag on the same line, and every
// error we report sits on a line haproxy rejects. Files haproxy rejects for other reasons
// (missing certificates, Lua, sample expressions, build modules) are listed in KNOWN with why.
//
// When haproxy is missing: FAIL under CI=true, skip (with the reason) elsewhere.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../../../labs/core/parsers/haproxy';
import {
  GLOBAL_KEYWORDS,
  OPTION_NAMES,
  PROXY_KEYWORDS,
  PROXY_TOP_KEYWORDS,
  REMOVED_KEYWORDS,
  BIND_OPTIONS,
  SECTION_KEYWORDS,
  SERVER_OPTIONS,
  TIMEOUT_NAMES,
} from '../../../labs/core/parsers/haproxy/keywords';
import type { CaseExpect } from './shared';
import { caseNames, casesDir, conformanceDir, conformanceFiles, conformanceMissing } from './shared';

function haproxyVersion(): string | undefined {
  const r = spawnSync('haproxy', ['-v'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error || r.status !== 0) return undefined;
  return /version (\S+)/.exec(r.stdout)?.[1];
}
const VERSION = haproxyVersion();
const CI = process.env.CI === 'true';

interface Message {
  level: 'ALERT' | 'WARNING' | 'NOTICE';
  line: number;
  text: string;
}
interface HaproxyRun {
  accepted: boolean;
  status: number | null;
  messages: Message[];
  output: string;
}

/** Runs `haproxy -c -f NAME` in a fresh temp dir holding `text` as NAME (bounded by a timeout). */
function runHaproxy(name: string, text: string | { copyFrom: string }): HaproxyRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'wil-haproxy-'));
  try {
    const target = path.join(dir, name);
    if (typeof text === 'string') writeFileSync(target, text);
    else copyFileSync(text.copyFrom, target);
    const r = spawnSync('haproxy', ['-c', '-f', name], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    const messages: Message[] = [];
    const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`^\\[(ALERT|WARNING|NOTICE)\\][^\\n]*?\\[${esc}:(\\d+)\\]\\s*:?\\s*(.*)$`, 'gm');
    for (const m of output.matchAll(re))
      messages.push({ level: m[1] as Message['level'], line: Number(m[2]), text: m[3] });
    // exit 2 = "Configuration file has no error but will not start (no listener)"
    const accepted = r.status === 0 || (r.status === 2 && /has no error/.test(output));
    return { accepted, status: r.status, messages, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** haproxy messages that are about syntax (quoting, sections, keywords), not about meaning. */
const SYNTAX =
  /unmatched quote|unmatched brace|forbidden first char|hexadecimal sequence|word expansion sequence|too many words|Missing LF|unknown keyword|out of section|not allowed in|not allowed because|please use the 'bind' keyword|is not permitted in|not supported anymore|not supported any more|doesn't exist anymore|unknown option|negation\/default|expects an <id>|'timeout' supports|lone '\.|non-terminated '\.if'|defaults section '.*' not found|only available in|is only allowed in|not available in default|has the same name as|same name as another|already exists/;

/** Conformance files haproxy 2.6 rejects for reasons that are not syntax, or where we knowingly differ. */
const KNOWN: Record<string, { reason: string; haproxyOnly?: number[] }> = {
  'examples-basic-config-edge.cfg': { reason: 'certificate pub1.pem does not exist here' },
  'examples-games.cfg': {
    reason:
      'Lua script lua/trisdemo.lua is missing, so its service is unknown (line 3 is a real unknown keyword: we flag it)',
  },
  'examples-keylog-test.cfg': {
    reason:
      "log-profile sections are HAProxy 3.1+: 2.6 reads their 'on' lines as defaults keywords (we flag the headers, 48 and 51); missing certificate; log profiles",
    haproxyOnly: [49, 52],
  },
  'examples-mptcp.cfg': { reason: 'mptcp@ addresses are HAProxy 3.1+ (address semantics)' },
  'examples-wurfl-example.cfg': {
    reason:
      'WURFL keywords are in the 2.6 manual but Debian builds haproxy without the WURFL module; unknown fetch wurfl-get-all',
    haproxyOnly: [10, 19, 22],
  },
  'tests-ports.cfg': { reason: 'port ranges and offsets not permitted for log/bind addresses (address semantics)' },
  'tests-test-acl-args.cfg': { reason: 'ACL sample-fetch argument error' },
  'tests-test-sample-fetch-args.cfg': { reason: 'sample expression error' },
  'tests-test-sample-fetch-conv.cfg': { reason: 'sample converter syntax error inside an expression' },
  'tests-test-handshakes.cfg': { reason: 'certificate rsa2048.pem does not exist here' },
  'tests-test-handshakes-chk.cfg': { reason: 'certificate rsa2048.pem does not exist here' },
  'tests-test-srv-verify.cfg': { reason: 'certificate/CA file rsa2048.pem does not exist here' },
  'tests-test-http-set-status-lua.cfg': { reason: 'Lua script setstatus.lua is missing' },
};

const flaggedLines = (text: string, file: string, severities: string[]) =>
  new Set(
    parseHaproxy(file, text)
      .diagnostics.filter((d) => severities.includes(d.severity))
      .map((d) => d.span.line),
  );

function assertAgreement(file: string, text: string, run: HaproxyRun, known?: { haproxyOnly?: number[] }) {
  const ours = parseHaproxy(file, text).diagnostics;
  const oursFlagged = new Set(ours.filter((d) => d.severity !== 'info').map((d) => d.span.line));
  const oursErrors = ours.filter((d) => d.severity === 'error');
  const alerts = run.messages.filter((m) => m.level === 'ALERT');
  const syntaxAlerts = alerts.filter((m) => SYNTAX.test(m.text));
  const haproxyOnly = new Set(known?.haproxyOnly ?? []);
  // 1. every syntax rejection by haproxy is flagged by us on the same line
  const missed = syntaxAlerts.filter((m) => !oursFlagged.has(m.line) && !haproxyOnly.has(m.line));
  expect(missed, `haproxy syntax alerts we do not flag in ${file}`).toEqual([]);
  // 2. every error of ours is on a line haproxy rejects
  const alertLines = new Set(alerts.map((m) => m.line));
  const extra = oursErrors
    .filter((d) => !alertLines.has(d.span.line))
    .map((d) => `${d.span.line}: ${d.code} ${d.message}`);
  expect(extra, `our errors on lines haproxy accepts in ${file}`).toEqual([]);
  // 3. a file haproxy accepts has no error of ours
  if (run.accepted) expect(oursErrors.map((d) => `${d.span.line}: ${d.code}`)).toEqual([]);
  // 4. KNOWN differences are real (no stale entries)
  for (const l of haproxyOnly) {
    expect(
      alerts.some((m) => m.line === l),
      `KNOWN line ${l} of ${file}: haproxy no longer alerts there`,
    ).toBe(true);
    expect(oursFlagged.has(l), `KNOWN line ${l} of ${file}: we now flag it, drop it from KNOWN`).toBe(false);
  }
  return { syntaxAlerts, alerts };
}

describe('haproxy is available where required', () => {
  it(`CI=${CI}: haproxy ${VERSION ?? 'is missing'}`, () => {
    if (CI) expect(VERSION, 'haproxy must be installed when CI=true (apt-get install haproxy)').toBeDefined();
    else if (!VERSION)
      console.warn(
        'haproxy is not installed: the real-tool agreement tests are skipped (install haproxy 2.6 to run them)',
      );
  });
});

describe.skipIf(!VERSION || !!conformanceMissing)(
  `real haproxy ${VERSION ?? ''}: conformance corpus${conformanceMissing ? ` (skipped: ${conformanceMissing})` : ''}`,
  () => {
    it.each(conformanceFiles)('%s: same syntax verdict as haproxy -c', (f) => {
      const file = path.join(conformanceDir, f);
      const text = readFileSync(file, 'utf8');
      const run = runHaproxy(f, { copyFrom: file });
      const known = KNOWN[f];
      const { syntaxAlerts } = assertAgreement(f, text, run, known);
      if (!run.accepted && syntaxAlerts.length === 0) {
        // rejected for non-syntax reasons only: must be explained
        expect(
          known?.reason,
          `${f} is rejected by haproxy without a syntax alert; explain it in KNOWN:\n${run.output}`,
        ).toBeDefined();
      }
      if (known && !known.haproxyOnly) {
        // a KNOWN semantic rejection must still be a rejection
        expect(run.accepted, `${f} is accepted by haproxy now: drop it from KNOWN`).toBe(false);
      }
    });

    it('a conformance file without its final newline is rejected by both, on the last line', () => {
      const f = 'tests-test-time.cfg';
      const text = readFileSync(path.join(conformanceDir, f), 'utf8').replace(/\n+$/, '');
      const run = runHaproxy(f, text);
      expect(run.accepted).toBe(false);
      const lastLine = text.split('\n').length;
      const alert = run.messages.find((m) => /Missing LF on last line/.test(m.text));
      expect(alert?.line).toBe(lastLine);
      const ours = parseHaproxy(f, text).diagnostics.filter((d) => d.code === 'haproxy/no-final-newline');
      expect(ours.map((d) => [d.span.line, d.severity])).toEqual([[lastLine, 'error']]);
      // the same position haproxy prints
      expect(ours[0].message).toContain(/at position \d+/.exec(alert!.text)![0]);
    });
  },
);

describe.skipIf(!VERSION)(`real haproxy ${VERSION ?? ''}: tricky cases`, () => {
  it.each(caseNames)('%s', (name) => {
    const text = readFileSync(path.join(casesDir, name, 'haproxy.cfg'), 'utf8');
    const exp = JSON.parse(readFileSync(path.join(casesDir, name, 'expect.json'), 'utf8')) as CaseExpect;
    const run = runHaproxy('haproxy.cfg', text);
    expect(run.accepted ? 'accept' : 'reject', run.output).toBe(exp.haproxy);
    assertAgreement('haproxy.cfg', text, run);
    // our warnings for misplaced keywords are haproxy's warnings too
    const warnLines = new Set(run.messages.filter((m) => m.level === 'WARNING').map((m) => m.line));
    for (const d of parseHaproxy('haproxy.cfg', text).diagnostics.filter(
      (x) => x.code === 'haproxy/keyword-not-allowed' && x.severity === 'warning',
    )) {
      expect(warnLines.has(d.span.line), `line ${d.span.line}`).toBe(true);
    }
  });
});

// ------------------------------------------------------------------------------------------------
// The keyword table against the tool. Lines are batched (haproxy stops after 50 fatal errors).

/** Sample arguments so that only the keyword's placement is judged. */
const ARGS: Record<string, string> = {
  balance: 'roundrobin',
  bind: ':18080',
  'capture cookie': 'x len 5',
  'capture request header': 'X len 5',
  'capture response header': 'X len 5',
  cookie: 'SRV insert',
  'default-server': 'check',
  server: 's 127.0.0.1:80',
  'server-template': 's 1-2 127.0.0.1:80',
  dispatch: '127.0.0.1:80',
  'force-persist': 'if TRUE',
  'ignore-persist': 'if TRUE',
  fullconn: '10',
  'hash-type': 'consistent',
  retries: '3',
  source: '0.0.0.0',
  'stick on': 'src',
  'stick match': 'src',
  'stick store-request': 'src',
  'stick store-response': 'src',
  'stick-table': 'type ip size 1',
  use_backend: 'bb',
  default_backend: 'bb',
  'use-server': 's if TRUE',
  'use-fcgi-app': 'x',
  redirect: 'prefix /x',
  'monitor fail': 'if TRUE',
  'monitor-uri': '/x',
  backlog: '10',
  maxconn: '10',
  'declare capture': 'request len 5',
  description: 'x',
  id: '5',
  log: '127.0.0.1 local0',
  'rate-limit sessions': '10',
  'unique-id-format': 'x',
  'unique-id-header': 'X',
  'log-format': 'x',
  'log-format-sd': 'x',
  'error-log-format': 'x',
  'http-request': 'deny',
  'http-response': 'deny',
  'http-after-response': 'set-header a b',
  'tcp-request connection': 'accept',
  'tcp-request content': 'accept',
  'tcp-request session': 'accept',
  'tcp-request inspect-delay': '1s',
  'tcp-response content': 'accept',
  'tcp-response inspect-delay': '1s',
  acl: 'a src 1.2.3.4',
  'stats admin': 'if TRUE',
  'stats http-request': 'deny',
  filter: 'compression',
  'persist rdp-cookie': '',
  'http-reuse': 'safe',
  'retry-on': 'none',
  'external-check command': '/bin/true',
  'external-check path': '/bin',
  'max-keep-alive-queue': '1',
  'http-send-name-header': 'X',
  'load-server-state-from-file': 'none',
  'server-state-file-name': 'x',
  'clitcpka-cnt': '1',
  'clitcpka-idle': '1',
  'clitcpka-intvl': '1',
  'srvtcpka-cnt': '1',
  'srvtcpka-idle': '1',
  'srvtcpka-intvl': '1',
  'http-check send': 'meth GET',
  'http-check expect': 'status 200',
  'tcp-check expect': 'string x',
  'tcp-check send': 'x',
  'tcp-check send-lf': 'x',
  'tcp-check send-binary': '00',
  'tcp-check send-binary-lf': '00',
  'http-check set-var': '(check.x) int(1)',
  'tcp-check set-var': '(check.x) int(1)',
  'http-check unset-var': '(check.x)',
  'tcp-check unset-var': '(check.x)',
  'http-check comment': 'x',
  'tcp-check comment': 'x',
  'http-check connect': '',
  'tcp-check connect': '',
  mode: 'http',
  compression: 'algo gzip',
  'email-alert from': 'a@b',
  'email-alert to': 'a@b',
  'email-alert level': 'info',
  'email-alert mailers': 'm',
  'email-alert myhostname': 'x',
  errorfile: '400 /dev/null',
  errorfiles: 'x',
  errorloc: '400 http://x',
  errorloc302: '400 http://x',
  errorloc303: '400 http://x',
  'http-error': 'status 400',
  'log-tag': 'x',
  'bind-process': 'all',
  transparent: '',
  'dynamic-cookie-key': 'x',
  'hash-balance-factor': '150',
  'max-session-srv-conns': '10',
  persist: 'rdp-cookie',
  disabled: '',
  enabled: '',
};
const argsFor = (kw: string) => ARGS[kw] ?? (kw.startsWith('timeout') ? '1s' : kw.startsWith('option') ? '' : 'x');

/** Runs probe lines, each `{header, line}`, in batches; returns haproxy's messages per probe. */
function probe(items: Array<{ header: string; line: string }>): Message[][] {
  const out: Message[][] = [];
  for (let i = 0; i < items.length; i += 30) {
    const batch = items.slice(i, i + 30);
    let text = 'backend bb\n';
    const lineOf: number[] = [];
    batch.forEach((it, k) => {
      text += `${it.header.replace('%d', String(i + k))}\n`;
      lineOf.push(text.split('\n').length);
      text += `    ${it.line}\n`;
    });
    const run = runHaproxy('probe.cfg', text);
    for (const l of lineOf) out.push(run.messages.filter((m) => m.line === l));
  }
  return out;
}

const HEADERS = {
  defaults: 'defaults',
  frontend: 'frontend fe%d',
  backend: 'backend be%d',
  listen: 'listen li%d',
} as const;

describe.skipIf(!VERSION)(`real haproxy ${VERSION ?? ''}: keyword table (keywords.ts)`, () => {
  it('each misplaced keyword gets from haproxy exactly the severity the table says', () => {
    const items: Array<{ header: string; line: string; want: string; label: string }> = [];
    for (const row of PROXY_KEYWORDS) {
      for (const [sec, sev] of Object.entries(row.misplaced)) {
        items.push({
          header: HEADERS[sec as keyof typeof HEADERS],
          line: `${row.keyword} ${argsFor(row.keyword)}`,
          want: sev ?? 'none',
          label: `${row.keyword} in ${sec}`,
        });
      }
    }
    expect(items.length).toBeGreaterThan(100);
    const got = probe(items);
    const mismatches: string[] = [];
    items.forEach((it, k) => {
      const msgs = got[k];
      const first = msgs[0];
      // first message decides (a later one may be about the sample arguments)
      const level = !first
        ? 'none'
        : /ignored/.test(first.text)
          ? 'warning'
          : first.level === 'ALERT'
            ? 'error'
            : 'warning';
      if (level !== it.want) mismatches.push(`${it.label}: table ${it.want}, haproxy ${level} (${first?.text ?? ''})`);
    });
    expect(mismatches).toEqual([]);
  });

  it('every removed keyword is refused by haproxy', () => {
    const items = [...REMOVED_KEYWORDS.values()].map((r) => ({
      header: r.scope === 'global' ? 'global' : 'listen li%d',
      line: `${r.keyword} x`,
    }));
    const got = probe(items);
    const accepted = items.filter((_, k) => !got[k].some((m) => m.level === 'ALERT')).map((i) => i.line);
    expect(accepted).toEqual([]);
  });

  it('every proxy keyword, option and timeout name of the table is known to haproxy', () => {
    const items = [
      ...[...PROXY_TOP_KEYWORDS].map((k) => ({
        header: 'listen li%d',
        line: `${k} ${k === 'option' ? 'httplog' : k === 'timeout' ? 'client 1s' : argsFor(k)}`,
      })),
      ...[...OPTION_NAMES].map((o) => ({ header: 'listen li%d', line: `option ${o}` })),
      ...[...TIMEOUT_NAMES].map((t) => ({ header: 'listen li%d', line: `timeout ${t} 1s` })),
    ];
    const got = probe(items);
    const unknown = items
      .filter((_, k) => got[k].some((m) => /unknown keyword|unknown option|'timeout' supports/.test(m.text)))
      .map((i) => i.line);
    expect(unknown).toEqual([]);
  });

  it('every global keyword of the table is known to haproxy, except those of modules Debian does not build', () => {
    const items = [...GLOBAL_KEYWORDS].map((k) => ({ header: 'global', line: `${k} x` }));
    const got = probe(items);
    const unknown = items
      .filter((_, k) => got[k].some((m) => /unknown keyword/.test(m.text)))
      .map((i) => i.line.split(' ')[0]);
    // Optional build features Debian's haproxy 2.6 is built without: WURFL, 51Degrees, DeviceAtlas,
    // memory profiling, OpenSSL engines, QUIC, and zlib (it uses libslz).
    expect(
      unknown.filter(
        (k) => !/^(wurfl-|51degrees-|deviceatlas-|profiling\.memory$|ssl-engine$|tune\.quic\.|tune\.zlib\.)/.test(k),
      ),
    ).toEqual([]);
  });

  it('every keyword of the small sections (userlist, peers, resolvers...) is known to haproxy there', () => {
    const unknown: string[] = [];
    for (const [type, kws] of Object.entries(SECTION_KEYWORDS)) {
      const items = [...kws!].map((k) => ({ header: `${type} s%d`, line: `${k} x` }));
      const got = probe(items);
      items.forEach((it, k) => {
        const kw = it.line.split(' ')[0];
        if (got[k].some((m) => m.text.includes(`unknown keyword '${kw}'`))) unknown.push(`${kw} in ${type}`);
      });
    }
    expect(unknown).toEqual([]);
  });

  it('every server and bind option of the table is known to haproxy', () => {
    const items = [
      ...[...SERVER_OPTIONS].map(([o, n]) => ({
        header: 'backend be%d',
        line: `server s 127.0.0.1:80 ${o}${n ? ' 1' : ''}`,
        opt: o,
      })),
      ...[...BIND_OPTIONS].map(([o, n]) => ({
        header: 'frontend fe%d',
        line: `bind 127.0.0.1:18080 ${o}${n ? ' 1' : ''}`,
        opt: o,
      })),
    ];
    const got = probe(items);
    const unknown = items
      .filter((it, k) => got[k].some((m) => m.text.includes(`unknown keyword '${it.opt}'`)))
      .map((it) => it.opt);
    // QUIC is an optional build feature Debian's haproxy 2.6 does not have.
    expect(unknown.filter((o) => !o.startsWith('quic-'))).toEqual([]);
  });

  it('lines we flag as syntax errors in small sections are refused by haproxy too', () => {
    expect(flaggedLines('userlist u\n    usr x\n', 'x.cfg', ['error'])).toEqual(new Set([2]));
    const run = runHaproxy('x.cfg', 'userlist u\n    usr x\n');
    expect(run.messages.filter((m) => m.level === 'ALERT').map((m) => m.line)).toEqual([2]);
  });
});

// ------------------------------------------------------------------------------------------------
// Differential fuzzing of the lexer: random `.notice ARGS` lines, read by haproxy and by us.
// haproxy prints the first argument (`'VALUE'`), or "Unexpected argument 'W'" for a second
// one, or the lexical error with its position; we must say the same for every line.

/** Pieces without letters (a letter after `$` in double quotes would be an environment variable). */
const PIECES = [
  ' ',
  '  ',
  '\t',
  '"',
  "'",
  '\\',
  '#',
  '$',
  '{',
  '}',
  '[',
  ']',
  '*',
  '-',
  '1',
  '2',
  '.',
  ':',
  '/',
  '\\x41',
  '\\x4',
  '\\t',
  '\\ ',
  '\\#',
  '\\"',
  "\\'",
  '\\$',
  '${',
  '[*]',
  '()',
];

function randomLines(count: number, seed: number): string[] {
  let s = seed >>> 0;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let t = '';
    const n = 1 + rnd(8);
    for (let k = 0; k < n; k++) t += PIECES[rnd(PIECES.length)];
    out.push(`.notice ${t}`);
  }
  return out;
}

type Verdict =
  | { kind: 'value'; value: string }
  | { kind: 'extra'; value: string }
  | { kind: 'error'; what: string; position: number }
  | { kind: 'none' };

function ourVerdict(line: string): Verdict {
  const r = parseHaproxy('f.cfg', line + '\n');
  const err = r.diagnostics.find((d) => d.severity === 'error' && d.code !== 'haproxy/keyword-out-of-section');
  if (err) {
    const what = {
      'haproxy/unmatched-quote': 'unmatched quote',
      'haproxy/unmatched-brace': 'unmatched brace in environment variable name',
      'haproxy/invalid-env-name': 'forbidden first char in environment variable name',
      'haproxy/invalid-hex-escape': 'truncated or invalid hexadecimal sequence',
      'haproxy/invalid-word-expansion': 'truncated or invalid word expansion sequence',
    }[err.code];
    return { kind: 'error', what: what ?? err.code, position: err.span.column };
  }
  const words = [...r.ast.preamble, ...r.ast.sections.flatMap((s) => [s.header, ...s.lines])][0]?.words ?? [];
  if (words.length === 0) return { kind: 'none' };
  if (words[2] && words[2].value !== '') return { kind: 'extra', value: words[2].value };
  return { kind: 'value', value: words[1]?.value ?? '' };
}

function haproxyVerdicts(lines: string[]): Verdict[] {
  const run = runHaproxy('f.cfg', lines.join('\n') + '\n');
  return lines.map((_, i) => {
    const msgs = run.output.split('\n').filter((l) => l.includes(`[f.cfg:${i + 1}]`));
    for (const m of msgs) {
      let x = /\]: (.*) at position (\d+):$/.exec(m);
      if (x) return { kind: 'error', what: x[1], position: Number(x[2]) };
      x = /\]: Unexpected argument '(.*)' for '\.notice'/.exec(m);
      if (x) return { kind: 'extra', value: x[1] };
      x = /\]: '(.*)'\.$/.exec(m);
      if (x) return { kind: 'value', value: x[1] };
    }
    return { kind: 'none' };
  });
}

describe.skipIf(!VERSION)(`real haproxy ${VERSION ?? ''}: lexer differential fuzzing`, () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('400 random lines, seed %i: same words and errors as haproxy', (seed) => {
    // haproxy stops after 50 fatal errors: 40 lines per run
    const lines = randomLines(400, seed * 7919);
    const theirs: Verdict[] = [];
    for (let i = 0; i < lines.length; i += 40) theirs.push(...haproxyVerdicts(lines.slice(i, i + 40)));
    const diffs: string[] = [];
    lines.forEach((l, i) => {
      const ours = ourVerdict(l);
      if (JSON.stringify(ours) !== JSON.stringify(theirs[i]))
        diffs.push(`${JSON.stringify(l)}: haproxy ${JSON.stringify(theirs[i])}, ours ${JSON.stringify(ours)}`);
    });
    expect(diffs).toEqual([]);
    // the sample exercises every outcome (not only one kind)
    const kinds = new Set(theirs.map((v) => (v.kind === 'error' ? v.what : v.kind)));
    expect(kinds.has('value') && kinds.has('extra') && kinds.has('unmatched quote')).toBe(true);
  });
});
