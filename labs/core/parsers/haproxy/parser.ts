/**
 * HAProxy configuration parser: lexer lines -> sections and keyword lines, with the syntax-level
 * diagnostics HAProxy 2.6 itself gives (see parse_cfg()/readcfgfile() in src/cfgparse.c).
 * Never throws: every problem is a Diagnostic, and parsing goes on where HAProxy goes on.
 *
 * Diagnostic codes (all `haproxy/...`):
 * - lexical (the line is dropped, as HAProxy does): unmatched-quote, unmatched-brace,
 *   invalid-env-name, invalid-hex-escape, invalid-word-expansion, too-many-words (errors);
 *   stray-cr (warning).
 * - no-final-newline (error): "Missing LF on last line, file might have been truncated".
 * - keyword-out-of-section (error): a keyword before any section header.
 * - missing-section-name (error), newer-section (warning: needs a newer HAProxy than 2.6),
 *   duplicate-name (error; warning for a userlist, which haproxy ignores), invalid-name,
 *   section-address (`listen NAME ADDR`), unknown-defaults (`from NAME` not found).
 * - invalid-prefix (error): `no`/`default` before a keyword that does not take it.
 * - removed-keyword (error, hint = the replacement), unknown-keyword (error in proxy and small
 *   sections, warning in `global`), unknown-option, unknown-timeout (errors),
 *   keyword-not-allowed (error or warning, exactly as haproxy 2.6 reacts).
 * - empty-first-word (warning: HAProxy ignores the line), empty-argument (warning),
 *   deprecated-keyword (info: marked deprecated in the 2.6 keyword matrix).
 * - arguments of the keywords a lab relies on (errors, as haproxy 2.6): missing-argument
 *   (`server`, `bind`, `default_backend`, `use_backend`, `mode`, `maxconn`, `timeout x`),
 *   invalid-value (`mode`, `balance` algorithm, time values), unexpected-argument;
 *   ignored-time-suffix (warning: `timeout client 1m30s` is one minute for haproxy),
 *   ignored-port-suffix (warning: `10.0.0.12:80check` is port 80, and `check` is not an option).
 * - conditional: unterminated-if, lone-endif / lone-else / lone-elif, unknown-directive (errors).
 */
import type { Diagnostic, ParseResult, Span } from '../../source';
import { LineCounter } from '../../source';
import { type HaproxyMessageId, diag, didYouMeanText, fragment, hint, message } from './codes';
import type { HaproxyConfig, HaproxyLine, HaproxySection, HaproxySectionType } from './ast';
import type { LexedLine } from './lexer';
import { parseAddress, readTime } from './address';
import { lexHaproxy } from './lexer';
import type { ProxySectionType } from './keywords';
import {
  BIND_OPTIONS,
  SERVER_OPTIONS,
  BALANCE_ALGORITHM,
  BALANCE_NAMES,
  DOT_DIRECTIVES,
  PROXY_MODES,
  REQUIRED_ARGS,
  GLOBAL_KEYWORDS,
  OPTION_NAMES,
  PREFIXABLE,
  PROXY_KEYWORDS,
  PROXY_TOP_KEYWORDS,
  REMOVED_KEYWORDS,
  SECTIONS,
  SECTION_KEYWORDS,
  TARGET_VERSION,
  TIMEOUT_NAMES,
  didYouMean,
  keywordAllowedIn,
  lookupProxyKeyword,
} from './keywords';
import { HOST_NAME_SYMBOL } from '../shell/symbols';

export interface ParseHaproxyOptions {
  /**
   * HAProxy version used to evaluate `.if version_atleast(...)` / `version_before(...)`
   * (default `2.6.12`, Debian 12's). Other conditions count as true.
   */
  version?: string;
}

/** Compares dotted versions numerically (`3.1-dev8` reads as 3.1 minus a little). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): number[] => {
    const m = /^(\d+(?:\.\d+)*)(.*)$/.exec(v.trim());
    if (!m) return [0];
    const nums = m[1].split('.').map(Number);
    // a pre-release suffix (`-dev8`) sorts before the release
    nums.push(m[2] ? -1 : 0);
    return nums;
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Evaluates a `.if` condition as HAProxy would for `version`; `undefined` when unknown. */
function evalCondition(expr: string, version: string): boolean | undefined {
  const e = expr.trim();
  if (e === '1') return true;
  if (e === '0' || e === '') return false;
  let m = /^(!?)\s*version_atleast\(\s*([^)]*?)\s*\)$/.exec(e);
  if (m) {
    const r = compareVersions(version, m[2]) >= 0;
    return m[1] ? !r : r;
  }
  m = /^(!?)\s*version_before\(\s*([^)]*?)\s*\)$/.exec(e);
  if (m) {
    const r = compareVersions(version, m[2]) < 0;
    return m[1] ? !r : r;
  }
  return undefined;
}

/**
 * HAProxy's invalid_char(): names may hold letters, digits and `.`, `-`, `_`, `:`. A script's `$(hostname)` /
 * `$HOSTNAME` (HOST_NAME_SYMBOL in the reconstruction) is a host name, which is made of those.
 */
export function invalidNameChar(name: string): string | undefined {
  const m = /[^A-Za-z0-9._:-]/.exec(name.split(HOST_NAME_SYMBOL).join('host'));
  return m ? m[0] : undefined;
}

const PROXY_TYPES: ReadonlySet<string> = new Set(['defaults', 'frontend', 'listen', 'backend']);

/** Lines of a file (blank ones included) the parser looks at; see MAX_CONFIG_LINES for the lines it reads. */
export const MAX_PHYSICAL_LINES = 1_000_000;

/** At most this many diagnostics of one code per file; the rest are counted in one `haproxy/too-many-findings`. */
export const MAX_SAME_CODE = 200;

/** Keeps the first MAX_SAME_CODE diagnostics of each code (a million stray `;` lines give 200, not 1,000,000). */
export function capDiagnostics(diagnostics: Diagnostic[], file: string): Diagnostic[] {
  const seen = new Map<string, number>();
  let suppressed = 0;
  let first: Diagnostic | undefined;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const c = (seen.get(d.code) ?? 0) + 1;
    seen.set(d.code, c);
    if (c <= MAX_SAME_CODE) out.push(d);
    else {
      suppressed++;
      first ??= d;
    }
  }
  if (suppressed) {
    out.push({
      code: 'haproxy/too-many-findings',
      severity: 'info',
      message: message('haproxy/too-many-findings', {
        count: suppressed.toLocaleString('en-US'),
        file,
        max: MAX_SAME_CODE,
        line: first!.span.line,
      }),
      span: first!.span,
    });
  }
  return out;
}

/**
 * Parses a HAProxy configuration. `file` is the path used in every span.
 * Never throws, whatever the input.
 */
export function parseHaproxy(
  file: string,
  text: string,
  options: ParseHaproxyOptions = {},
): ParseResult<HaproxyConfig> {
  const version = options.version ?? '2.6.12';
  // Past MAX_PHYSICAL_LINES lines (blank ones included) nothing is read, not even line starts: a 10 MB
  // file of 5,000,000 short lines would otherwise cost a second in the line counter alone.
  let cut = text.length;
  let total = text.length === 0 ? 0 : 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (total === MAX_PHYSICAL_LINES && cut === text.length) cut = i + 1;
    if (i + 1 < text.length) total++;
  }
  const head = cut < text.length ? text.slice(0, cut) : text;
  const lc = new LineCounter(head);
  const lexed = lexHaproxy(file, head, lc);
  if (cut < text.length) {
    lexed.missingFinalNewline = false;
    lexed.lineCount = total;
    if (!lexed.diagnostics.some((d) => d.code === 'haproxy/too-many-lines')) {
      lexed.diagnostics.push({
        severity: 'error',
        code: 'haproxy/too-many-lines',
        message: message('haproxy/too-many-lines#physical', { max: MAX_PHYSICAL_LINES.toLocaleString('en-US') }),
        span: { file, line: MAX_PHYSICAL_LINES + 1, column: 1, offset: cut },
      });
    }
  }
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  const cfg: HaproxyConfig = {
    file,
    preamble: [],
    sections: [],
    comments: lexed.comments,
    rejectedLines: [],
    lineCount: lexed.lineCount,
    finalNewline: !lexed.missingFinalNewline,
  };
  // `current` receives active lines; `shadow` is a section opened inside a skipped `.if` block,
  // which receives the skipped lines after it (haproxy never sees that header, so the active
  // lines after the block still belong to `current`).
  let current: HaproxySection | undefined;
  let shadow: HaproxySection | undefined;
  // `.if` state: one entry per open block. `active`: this branch is taken; `taken`: some branch was.
  const conds: Array<{ active: boolean; taken: boolean; sawElse: boolean; line: number; span: Span }> = [];
  const inactiveNow = (): boolean => conds.some((c) => !c.active);

  for (const lx of lexed.lines) {
    if (lx.rejected) {
      cfg.rejectedLines!.push({ line: lx.line, raw: lx.raw, span: lc.span(file, lx.start, lx.end) });
      continue;
    }
    if (lx.words.length === 0) continue;
    const line = toLine(lx, text);
    if (lx.scope) {
      line.scope = true;
      line.keyword = line.words[0].value;
      line.args = [];
    }
    if (line.words[0].value === '' && !lx.scope) {
      diagnostics.push(diag('haproxy/empty-first-word', 'warning', line.words[0].span, null));
      cfg.rejectedLines!.push({ line: lx.line, raw: lx.raw, span: lc.span(file, lx.start, lx.end) });
      continue;
    }
    // Empty arguments in the middle: HAProxy keyword parsers stop at the first empty word.
    for (let k = 1; k < line.words.length - 1; k++) {
      if (line.words[k].value === '') {
        diagnostics.push(diag('haproxy/empty-argument', 'warning', line.words[k].span, { number: k }));
        break;
      }
    }

    // Conditional blocks.
    const kw0 = line.words[0].value;
    if (!lx.scope && kw0.startsWith('.')) {
      line.directive = true;
      const rest = line.words
        .slice(1)
        .map((w) => w.value)
        .join(' ');
      if (kw0 === '.if') {
        const parentInactive = inactiveNow();
        const v = parentInactive ? false : (evalCondition(rest, version) ?? true);
        conds.push({ active: v, taken: v || parentInactive, sawElse: false, line: line.line, span: line.span });
      } else if (kw0 === '.elif' || kw0 === '.else') {
        const top = conds[conds.length - 1];
        if (!top) {
          diagnostics.push(
            diag(kw0 === '.elif' ? 'haproxy/lone-elif' : 'haproxy/lone-else', 'error', line.span, { directive: kw0 }),
          );
        } else if (top.sawElse) {
          diagnostics.push(diag('haproxy/elif-after-else', 'error', line.span, { directive: kw0 }));
        } else {
          const parentInactive = conds.slice(0, -1).some((c) => !c.active);
          if (kw0 === '.else') top.sawElse = true;
          if (top.taken || parentInactive) top.active = false;
          else {
            top.active = kw0 === '.else' ? true : (evalCondition(rest, version) ?? true);
            top.taken = top.active;
          }
        }
      } else if (kw0 === '.endif') {
        if (!conds.pop()) diagnostics.push(diag('haproxy/lone-endif', 'error', line.span, null));
      } else if (!DOT_DIRECTIVES.has(kw0) && !inactiveNow()) {
        diagnostics.push(diag('haproxy/unknown-directive', 'error', line.words[0].span, { directive: kw0 }));
      } else if (kw0 === '.alert' && !inactiveNow()) {
        diagnostics.push(diag('haproxy/alert-directive', 'error', line.span, { text: line.words[1]?.value ?? '' }));
      }
      addLine(line);
      if (!inactiveNow()) shadow = undefined;
      continue;
    }
    const inactive = inactiveNow();
    if (!inactive) shadow = undefined;
    if (inactive) line.inactive = true;

    // `no` / `default` prefixes (HAProxy shifts the words, then checks the keyword).
    if (!lx.scope && (kw0 === 'no' || kw0 === 'default')) {
      line.prefix = kw0;
      line.keyword = line.words[1]?.value ?? '';
      line.args = line.words.slice(2).map((w) => w.value);
      if (!inactive && !PREFIXABLE.has(line.keyword)) {
        diagnostics.push(
          diag('haproxy/invalid-prefix#keyword', 'error', line.words[0].span, { prefix: kw0, keyword: line.keyword }),
        );
      }
    }

    const sec = lx.scope ? undefined : SECTIONS.get(line.keyword);
    if (sec) {
      const nameWord = line.words[line.prefix ? 2 : 1];
      const section: HaproxySection = {
        type: sec.type,
        name: nameWord?.value,
        args: line.words.slice(line.prefix ? 3 : 2).map((w) => w.value),
        header: line,
        lines: [],
        span: lc.span(file, lx.indentEnd, lx.end),
      };
      if (inactive) section.inactive = true;
      if (sec.name === 'none' && section.name !== undefined) {
        // `global` takes no name: keep the words as args.
        section.args = [section.name, ...section.args];
        section.name = undefined;
      }
      if (!inactive) {
        const headerWords = line.words.slice(line.prefix ? 1 : 0);
        if (sec.name === 'required' && !section.name) {
          diagnostics.push(diag('haproxy/missing-section-name', 'error', line.words[0].span, { type: sec.type }));
        }
        if (sec.name === 'none' && headerWords.length > 1 && sec.type === 'global') {
          diagnostics.push(
            diag('haproxy/unexpected-argument#global', 'error', headerWords[1].span, {
              argument: headerWords[1].value,
            }),
          );
        }
        if (sec.proxy && section.name !== undefined) {
          const bad = invalidNameChar(section.name);
          if (bad !== undefined) {
            diagnostics.push(
              diag(
                'haproxy/invalid-name#section',
                'error',
                headerWords[1].span,
                { char: bad, type: sec.type, name: section.name },
                {
                  hint: hint('haproxy/invalid-name'),
                },
              ),
            );
          }
          const extra = headerWords[2];
          if (
            extra &&
            (extra.value !== 'from' || !headerWords[3]) &&
            (sec.type === 'frontend' || sec.type === 'listen')
          ) {
            diagnostics.push(
              diag('haproxy/section-address', 'error', extra.span, null, {
                hint: hint('haproxy/section-address', { address: extra.value }),
              }),
            );
          } else if (extra?.value === 'from' && headerWords[3]) {
            const wanted = headerWords[3].value;
            const found = cfg.sections.some((x) => x.type === 'defaults' && !x.inactive && x.name === wanted);
            if (!found) {
              diagnostics.push(
                diag(
                  'haproxy/unknown-defaults',
                  'error',
                  headerWords[3].span,
                  { wanted, type: sec.type, name: section.name },
                  {
                    hint: hint('haproxy/unknown-defaults'),
                  },
                ),
              );
            }
          }
        }
        if (compareVersions(sec.since, TARGET_VERSION) > 0) {
          diagnostics.push(
            diag('haproxy/newer-section', 'warning', line.words[0].span, {
              type: sec.type,
              since: sec.since,
              target: TARGET_VERSION,
            }),
          );
        }
      }
      if (!inactive && section.name !== undefined) {
        const dup = findDuplicate(cfg.sections, section);
        if (dup) {
          const userlist = section.type === 'userlist';
          diagnostics.push(
            diag(
              userlist ? 'haproxy/duplicate-name#userlist' : 'haproxy/duplicate-name#proxy',
              userlist ? 'warning' : 'error',
              (line.words[line.prefix ? 2 : 1] ?? line.words[0]).span,
              { name: section.name, line: dup.header.line, type: section.type, otherType: dup.type },
              {
                related: [
                  {
                    span: dup.header.span,
                    message: fragment('relatedDuplicate', { type: dup.type, name: String(dup.name) }),
                  },
                ],
              },
            ),
          );
        }
      }
      if (inactive) shadow = section;
      else current = section;
      cfg.sections.push(section);
      continue;
    }

    const target = inactive ? (shadow ?? current) : current;
    if (!target) {
      if (!inactive && !lx.scope) {
        diagnostics.push(
          diag(
            'haproxy/keyword-out-of-section',
            'error',
            line.words[0].span,
            { keyword: line.keyword },
            {
              hint: ((word) =>
                hint('haproxy/keyword-out-of-section', {
                  didYouMean: word ? fragment('sectionHeaderDidYouMean', { word }) : '',
                }))(didYouMean(line.keyword, SECTIONS.keys())),
            },
          ),
        );
      }
      cfg.preamble.push(line);
      continue;
    }
    target.lines.push(line);
    if (!inactive && !lx.scope) checkKeyword(line, target, diagnostics);
  }
  // Section spans: from the header to the section's last line.
  for (const sec of cfg.sections) {
    sec.span = lc.span(file, sec.header.span.offset ?? 0, Math.max(sec.header.span.endOffset ?? 0, lastEnd(sec)));
  }
  for (const c of conds) {
    // haproxy reports it on the last line of the file; the related span points at the `.if`.
    const lastNo = Math.max(1, Math.min(lexed.lineCount, lc.lineCount));
    const lastStart = lc.lineStart(lastNo);
    diagnostics.push(
      diag(
        'haproxy/unterminated-if',
        'error',
        lc.span(file, lastStart, lastStart),
        { line: c.line },
        {
          related: [{ span: c.span, message: fragment('relatedUnclosedIf') }],
        },
      ),
    );
  }
  if (lexed.missingFinalNewline) {
    const last = lexed.lastLine;
    const pos = last ? last.end - last.start + 1 : 1;
    diagnostics.push(
      diag(
        'haproxy/no-final-newline',
        'error',
        lc.span(file, text.length, text.length),
        { position: pos },
        {
          hint: hint('haproxy/no-final-newline'),
        },
      ),
    );
  }
  // In file order (lexical errors were collected before the others).
  diagnostics.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return { ast: cfg, diagnostics: capDiagnostics(diagnostics, file) };

  function addLine(line: HaproxyLine): void {
    if (current) current.lines.push(line);
    else cfg.preamble.push(line);
  }
}

/**
 * The earlier section a new one clashes with, as haproxy 2.6 decides: a frontend clashes with a
 * frontend or listen, a backend with a backend or listen, a listen with all three; peers,
 * resolvers, mailers, http-errors, ring and userlist sections with their own kind. Frontend and
 * backend may share a name; defaults, program, cache and the rest are not checked.
 */
function findDuplicate(sections: readonly HaproxySection[], s: HaproxySection): HaproxySection | undefined {
  const clash: Partial<Record<HaproxySectionType, readonly HaproxySectionType[]>> = {
    frontend: ['frontend', 'listen'],
    backend: ['backend', 'listen'],
    listen: ['frontend', 'backend', 'listen'],
    peers: ['peers'],
    resolvers: ['resolvers'],
    mailers: ['mailers'],
    'http-errors': ['http-errors'],
    ring: ['ring'],
    userlist: ['userlist'],
  };
  const kinds = clash[s.type];
  if (!kinds) return undefined;
  return sections.find((x) => !x.inactive && x.name === s.name && kinds.includes(x.type));
}

function lastEnd(section: HaproxySection | undefined): number {
  if (!section) return 0;
  const last = section.lines[section.lines.length - 1] ?? section.header;
  return last.span.endOffset ?? 0;
}

function toLine(lx: LexedLine, text: string): HaproxyLine {
  const words = lx.words;
  const args: string[] = new Array(words.length - 1);
  for (let i = 1; i < words.length; i++) args[i - 1] = words[i].value;
  const first = words[0].span;
  const lastSpan = lx.commentSpan ?? words[words.length - 1].span;
  const line: HaproxyLine = {
    keyword: words[0].value,
    args,
    words,
    span: {
      file: first.file,
      line: first.line,
      column: first.column,
      endLine: lastSpan.endLine,
      endColumn: lastSpan.endColumn,
      offset: first.offset,
      endOffset: lastSpan.endOffset,
    },
    line: lx.line,
    raw: lx.raw,
  };
  if (lx.comment !== undefined) line.comment = lx.comment;
  line.indent = text.slice(lx.start, lx.indentEnd);
  return line;
}

const proxyTypeOf = (t: HaproxySectionType): ProxySectionType | undefined =>
  PROXY_TYPES.has(t) ? (t as ProxySectionType) : undefined;

function checkKeyword(line: HaproxyLine, section: HaproxySection, out: Diagnostic[]): void {
  const kw = line.keyword;
  const kwSpan = line.words[line.prefix ? 1 : 0]?.span ?? line.span;
  const proxyType = proxyTypeOf(section.type);
  const where =
    section.type === 'defaults' && !section.name
      ? fragment('anonymousDefaults')
      : fragment('quoted', { text: section.type });

  if (proxyType || section.type === 'global') {
    const removedKey = kw === 'option' ? `option ${line.args[0] ?? ''}` : kw;
    const rem = REMOVED_KEYWORDS.get(removedKey);
    if (rem && (rem.scope === 'global') === (section.type === 'global')) {
      out.push(
        diag(
          rem.replacement ? 'haproxy/removed-keyword#replaced' : 'haproxy/removed-keyword#dropped',
          'error',
          kwSpan,
          { keyword: removedKey, version: rem.removedIn, replacement: rem.replacement ?? '' },
          {
            hint: rem.replacement
              ? hint('haproxy/removed-keyword#replaced', { replacement: rem.replacement })
              : hint('haproxy/removed-keyword#dropped'),
          },
        ),
      );
      return;
    }
  }

  if (section.type === 'global') {
    if (!GLOBAL_KEYWORDS.has(kw) && PROXY_TOP_KEYWORDS.has(kw)) {
      out.push(
        diag(
          'haproxy/keyword-not-allowed#global',
          'error',
          kwSpan,
          { keyword: kw },
          {
            hint: hint('haproxy/keyword-not-allowed#global'),
          },
        ),
      );
      return;
    }
    if (!GLOBAL_KEYWORDS.has(kw) && kw !== '') {
      const dym = didYouMean(kw, [...GLOBAL_KEYWORDS, ...SECTIONS.keys()]);
      out.push(
        diag(
          'haproxy/unknown-keyword',
          'warning',
          kwSpan,
          { keyword: kw, section: 'global', didYouMean: didYouMeanText(dym) },
          {
            hint: hint('haproxy/unknown-keyword#global', { target: TARGET_VERSION }),
          },
        ),
      );
    }
    return;
  }

  if (proxyType) {
    if (!PROXY_TOP_KEYWORDS.has(kw)) {
      const globalOnly = GLOBAL_KEYWORDS.has(kw);
      const dym = globalOnly ? undefined : didYouMean(kw, [...PROXY_TOP_KEYWORDS, ...SECTIONS.keys()]);
      out.push(
        diag(
          'haproxy/unknown-keyword',
          'error',
          kwSpan,
          { keyword: kw, section: section.type, didYouMean: didYouMeanText(dym) },
          globalOnly
            ? { hint: hint('haproxy/unknown-keyword#global-only', { keyword: kw }) }
            : dym && SECTIONS.has(dym)
              ? { hint: hint('haproxy/unknown-keyword#new-section', { section: dym }) }
              : {},
        ),
      );
      return;
    }
    if (kw === 'option') {
      const opt = line.args[0];
      if (opt === undefined || !OPTION_NAMES.has(opt)) {
        const dym = opt ? didYouMean(opt, OPTION_NAMES) : undefined;
        out.push(
          diag('haproxy/unknown-option', 'error', line.words[line.prefix ? 2 : 1]?.span ?? kwSpan, {
            option: opt ?? '',
            didYouMean: didYouMeanText(dym),
          }),
        );
        return;
      }
    }
    if (kw === 'timeout') {
      const t = line.args[0];
      if (t === undefined || !TIMEOUT_NAMES.has(t)) {
        const dym = t ? didYouMean(t, TIMEOUT_NAMES) : undefined;
        out.push(
          diag('haproxy/unknown-timeout', 'error', line.words[1]?.span ?? kwSpan, {
            names: [...TIMEOUT_NAMES].map((n) => fragment('quoted', { text: n })).join(', '),
            got: t ?? '',
            didYouMean: didYouMeanText(dym),
          }),
        );
        return;
      }
    }
    if ((kw === 'server' || kw === 'acl') && line.args[0] !== undefined) {
      const bad = invalidNameChar(line.args[0]);
      if (bad !== undefined) {
        out.push(
          diag(
            'haproxy/invalid-name#line',
            'error',
            line.words[1].span,
            { char: bad, keyword: kw, name: line.args[0] },
            {
              hint: hint('haproxy/invalid-name'),
            },
          ),
        );
      }
    }
    const info = lookupProxyKeyword(kw, line.args);
    if (!info) return;
    if (keywordAllowedIn(info, proxyType, !!section.name) && !line.prefix) checkArguments(line, out);
    if (info.deprecated) {
      out.push(diag('haproxy/deprecated-keyword', 'info', kwSpan, { keyword: info.keyword, target: TARGET_VERSION }));
    }
    if (line.prefix && kw === 'option' && !info.negatable) {
      out.push(diag('haproxy/invalid-prefix#option', 'error', line.words[0].span, { option: String(line.args[0]) }));
    }
    if (!keywordAllowedIn(info, proxyType, !!section.name)) {
      const sev = info.misplaced[proxyType];
      if (sev) {
        const allowed = (['defaults', 'frontend', 'listen', 'backend'] as const).filter((s) =>
          keywordAllowedIn(info, s, true),
        );
        // ` ''` (no name) is left out, as before: `... in anonymous 'defaults' section: it only applies to ...`
        const data = {
          keyword: info.keyword,
          where,
          allowed: allowed.join(', '),
          name: fragment('sectionName', { name: section.name ?? '' }).replace(/ ''$/, ''),
        };
        out.push(
          diag(
            sev === 'warning' ? 'haproxy/keyword-not-allowed#ignored' : 'haproxy/keyword-not-allowed#misplaced',
            sev,
            kwSpan,
            data,
            {
              hint:
                info.sections[0] === 'n' && proxyType === 'defaults'
                  ? hint('haproxy/keyword-not-allowed#named-defaults', { keyword: info.keyword })
                  : hint('haproxy/keyword-not-allowed#belongs', { keyword: info.keyword, allowed: allowed.join(', ') }),
            },
          ),
        );
      }
    }
    return;
  }

  const known = SECTION_KEYWORDS[section.type];
  if (known && !known.has(kw)) {
    const dym = didYouMean(kw, known);
    out.push(
      diag('haproxy/unknown-keyword', 'error', kwSpan, {
        keyword: kw,
        section: section.type,
        didYouMean: didYouMeanText(dym),
      }),
    );
  }
}

/** Argument checks haproxy 2.6 makes while reading a proxy line (only where the keyword applies). */
function checkArguments(line: HaproxyLine, out: Diagnostic[]): void {
  const kw = line.keyword;
  const a = line.args;
  const at = (i: number): Span => line.words[i + 1]?.span ?? line.words[0].span;
  const req = REQUIRED_ARGS.get(kw);
  if (req && a.filter((x) => x !== '').length < req.min) {
    out.push(
      diag(
        req.min > 1 ? 'haproxy/missing-argument#many' : 'haproxy/missing-argument#one',
        'error',
        line.words[0].span,
        { keyword: kw, expects: req.expects },
      ),
    );
    return;
  }
  if (kw === 'server' || kw === 'server-template' || kw === 'default-server' || kw === 'bind') {
    checkAddressAndOptions(line, out);
    return;
  }
  if (kw === 'mode' && !PROXY_MODES.has(a[0])) {
    const removed = a[0] === 'health';
    out.push(
      diag(
        removed ? 'haproxy/invalid-value#mode-health' : 'haproxy/invalid-value#mode',
        'error',
        at(0),
        { mode: String(a[0]) },
        {
          hint: removed ? hint('haproxy/invalid-value#mode-health') : hint('haproxy/invalid-value#mode'),
        },
      ),
    );
  } else if (kw === 'balance' && a[0] !== undefined && !BALANCE_ALGORITHM.test(a[0])) {
    const dym = didYouMean(a[0], BALANCE_NAMES);
    out.push(
      diag(
        'haproxy/invalid-value#balance',
        'error',
        at(0),
        { algorithm: a[0], didYouMean: didYouMeanText(dym) },
        {
          hint: hint('haproxy/invalid-value#balance', {
            names: BALANCE_NAMES.map((n) => fragment('quoted', { text: n })).join(', '),
          }),
        },
      ),
    );
  } else if (kw === 'timeout' && TIMEOUT_NAMES.has(a[0])) {
    if (a[1] === undefined || a[1] === '') {
      out.push(diag('haproxy/missing-argument#timeout', 'error', at(0), { name: a[0] }));
    } else if (!readTime(a[1])) {
      out.push(
        diag(
          'haproxy/invalid-value#time',
          'error',
          at(1),
          { value: a[1], name: a[0] },
          {
            hint: hint('haproxy/invalid-value#time'),
          },
        ),
      );
    } else if (readTime(a[1])!.ignored !== '') {
      const t = readTime(a[1])!;
      out.push(
        diag(
          'haproxy/ignored-time-suffix',
          'warning',
          at(1),
          { value: a[1], used: t.used, ignored: t.ignored },
          {
            hint: hint('haproxy/ignored-time-suffix', {
              used: t.used,
              alternative: /^\d+m\d+s$/.test(a[1])
                ? fragment('orSeconds', {
                    seconds: Number(a[1].split('m')[0]) * 60 + Number(a[1].split('m')[1].slice(0, -1)),
                  })
                : '',
            }),
          },
        ),
      );
    } else if (a.length > 2) {
      out.push(
        diag('haproxy/unexpected-argument#timeout', 'error', at(2), { name: a[0], argument: a[2], value: a[1] }),
      );
    }
  }
}

/**
 * `server`/`bind` lines: the address (as haproxy 2.6 refuses it: a URL, a bad port, a port range
 * on a server, no port on a bind, a bad IPv4 address) and the option words (a misspelt option is
 * an error with a did-you-mean; a word that is no 2.6 option and close to none is a warning, in
 * case it comes from a newer version or a build module). Like haproxy, stops at the first problem.
 */
function checkAddressAndOptions(line: HaproxyLine, out: Diagnostic[]): void {
  const kw = line.keyword;
  const words = line.words.slice(1);
  const addrIndex = kw === 'bind' ? 0 : kw === 'server' ? 1 : kw === 'server-template' ? 2 : -1;
  const addrWord = addrIndex >= 0 ? words[addrIndex] : undefined;
  if (addrWord && !addrWord.env) {
    for (const part of kw === 'bind' ? addrWord.value.split(',') : [addrWord.value]) {
      const problem = addressProblem(part, kw === 'bind');
      if (problem) {
        out.push(
          diag(
            problem.id,
            'error',
            addrWord.span,
            { keyword: kw, word: addrWord.value, address: problem.data.address ?? '', port: problem.data.port ?? '' },
            { hint: problem.hint },
          ),
        );
        return;
      }
      const { portIgnored: ignored, port: used } = parseAddress(part);
      if (ignored !== undefined && used !== undefined) {
        out.push(
          diag(
            'haproxy/ignored-port-suffix',
            'warning',
            addrWord.span,
            { value: part.slice(part.lastIndexOf(':') + 1), used, ignored },
            { hint: hint('haproxy/ignored-port-suffix', { used, ignored }) },
          ),
        );
      }
    }
  }
  const table = kw === 'bind' ? BIND_OPTIONS : SERVER_OPTIONS;
  for (let i = addrIndex + 1; i < words.length; i++) {
    const w = words[i];
    const n = table.get(w.value);
    if (n === undefined) {
      const dym = didYouMean(w.value, table.keys());
      out.push(
        diag(
          kw === 'bind' ? 'haproxy/unknown-bind-keyword' : 'haproxy/unknown-server-keyword',
          dym ? 'error' : 'warning',
          w.span,
          { word: w.value, didYouMean: didYouMeanText(dym) },
          dym
            ? {}
            : {
                hint: hint(kw === 'bind' ? 'haproxy/unknown-bind-keyword' : 'haproxy/unknown-server-keyword', {
                  target: TARGET_VERSION,
                }),
              },
        ),
      );
      return;
    }
    if (n > 0 && (i + 1 >= words.length || words[i + 1].value === '')) {
      out.push(diag('haproxy/missing-argument#option', 'error', w.span, { option: w.value }));
      return;
    }
    i += n;
    if (kw !== 'bind' && w.value === 'source') {
      // source <addr> [usesrc <addr2>] [interface <name>]
      while (i + 2 < words.length + 1 && (words[i + 1]?.value === 'usesrc' || words[i + 1]?.value === 'interface'))
        i += 2;
    }
  }
}

type AddressProblem = {
  id: HaproxyMessageId & `haproxy/invalid-address#${string}`;
  data: { address?: string; port?: string };
  hint?: string;
};

function addressProblem(raw: string, bind: boolean): AddressProblem | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    return { id: 'haproxy/invalid-address#address', data: { address: raw }, hint: hint('haproxy/invalid-address#url') };
  }
  const a = parseAddress(raw);
  if (a.family === 'unix' || a.family === 'abns' || a.family === 'fd' || a.family === 'sockpair') return undefined;
  const portText = raw.slice(raw.lastIndexOf(':') + 1);
  if (a.family === 'unknown' && raw.includes(':') && !/^\[[^\]]*$/.test(raw)) {
    return { id: 'haproxy/invalid-address#port', data: { port: portText }, hint: hint('haproxy/invalid-address#port') };
  }
  if ((a.port ?? 0) > 65535 || (a.portRange?.to ?? 0) > 65535)
    return { id: 'haproxy/invalid-address#port', data: { port: portText }, hint: hint('haproxy/invalid-address#port') };
  if (!bind && a.portRange)
    return { id: 'haproxy/invalid-address#port-range', data: {}, hint: hint('haproxy/invalid-address#port-range') };
  if (bind && a.port === undefined && a.portOffset === undefined)
    return {
      id: 'haproxy/invalid-address#no-port',
      data: { address: raw },
      hint: hint('haproxy/invalid-address#no-port', { address: raw || '*' }),
    };
  if (a.host && /^[\d.]+$/.test(a.host) && a.family !== 'ipv4')
    return { id: 'haproxy/invalid-address#address', data: { address: a.host } };
  return undefined;
}

/** For tests and docs: every proxy keyword row (re-exported for convenience). */
export { PROXY_KEYWORDS };
