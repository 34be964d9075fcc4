// Token-stream tests. Every expected value below was checked against haproxy 2.6.12 itself,
// using `.notice WORD` lines (haproxy prints the word it read) and the error positions it prints.
import { describe, expect, it } from 'vitest';
import { LineCounter } from '../../../labs/core/source';
import type { Diagnostic } from '../../../labs/core/source';
import { lexHaproxy, MAX_LINE_ARGS } from '../../../labs/core/parsers/haproxy';

function lex(text: string) {
  const lc = new LineCounter(text);
  return lexHaproxy('t.cfg', text, lc);
}
function values(line: string): string[] {
  const r = lex(line + '\n');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.lines[0].words.map((w) => w.value);
}
function errorOf(line: string): Diagnostic {
  const r = lex(line + '\n');
  const errs = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errs).toHaveLength(1);
  expect(r.lines[0].rejected).toBe(true);
  expect(r.lines[0].words).toEqual([]);
  return errs[0];
}

describe('haproxy lexer: words', () => {
  it.each([
    ['plain words and runs of blanks', 'server  web1\t10.0.0.1:80   check', ['server', 'web1', '10.0.0.1:80', 'check']],
    ['leading blanks are skipped', '   \t  maxconn 10', ['maxconn', '10']],
    ['# starts a comment even mid-word', '.notice a#b', ['.notice', 'a']],
    ['# inside double quotes is text', '.notice "a#b"', ['.notice', 'a#b']],
    ['# inside single quotes is text', ".notice '#'", ['.notice', '#']],
    ['\\# outside quotes is a #', '.notice a\\#b', ['.notice', 'a#b']],
    ['\\<space> joins words', '.notice a\\ b', ['.notice', 'a b']],
    ['\\\\ is one backslash', '.notice a\\\\b', ['.notice', 'a\\b']],
    ['\\x41 outside quotes', '.notice a\\x41b', ['.notice', 'aAb']],
    ['\\x41 inside double quotes', '.notice "a\\x41b"', ['.notice', 'aAb']],
    ['no escapes inside single quotes', ".notice 'a\\x41b'", ['.notice', 'a\\x41b']],
    ['\\" inside double quotes', '.notice "a\\"b"', ['.notice', 'a"b']],
    ['\\t gives a tab', '.notice a\\tb', ['.notice', 'a\tb']],
    ['an unknown escape stays as written', '.notice a\\qb', ['.notice', 'a\\qb']],
    ['a final backslash stays', '.notice a\\', ['.notice', 'a\\']],
    ['quotes concatenate mid-word', '.notice a"b c"d', ['.notice', 'ab cd']],
    ['an empty word in the middle is kept', '.notice "" x', ['.notice', '', 'x']],
    ['a trailing empty word is not a word', '.notice x ""', ['.notice', 'x']],
    ['$VAR outside quotes is text', '.notice $HOME', ['.notice', '$HOME']],
    ['\\$ inside double quotes is a dollar', '.notice "\\$HOME"', ['.notice', '$HOME']],
    ['a vertical tab separates words', '.notice a\vb', ['.notice', 'a', 'b']],
  ])('%s', (_name, line, expected) => {
    expect(values(line)).toEqual(expected);
  });

  it('keeps raw text and spans of each word', () => {
    const r = lex('  acl  is_x  hdr(host) -i "a b"  # trailing\n');
    const w = r.lines[0].words;
    expect(w.map((x) => x.raw)).toEqual(['acl', 'is_x', 'hdr(host)', '-i', '"a b"']);
    expect(w[4]).toMatchObject({
      value: 'a b',
      quoted: true,
      span: { line: 1, column: 27, endColumn: 32, offset: 26, endOffset: 31 },
    });
    expect(w[0].span).toMatchObject({ line: 1, column: 3, endColumn: 6 });
    expect(r.lines[0].comment).toBe('# trailing');
    expect(r.lines[0].commentSpan).toMatchObject({ line: 1, column: 34 });
  });

  it('marks environment variables in double quotes without expanding them', () => {
    const r = lex('.notice "${HOME}/x" "$USER" "${A[*]}"\n');
    const w = r.lines[0].words;
    expect(w[1]).toMatchObject({ value: '${HOME}/x', env: ['HOME'] });
    expect(w[2]).toMatchObject({ value: '$USER', env: ['USER'] });
    expect(w[3]).toMatchObject({ value: '${A[*]}', env: ['A'] });
  });

  it('reads CRLF lines like LF lines', () => {
    const r = lex('global\r\n    maxconn 10\r\n');
    expect(r.lines.map((l) => l.words.map((w) => w.value))).toEqual([['global'], ['maxconn', '10']]);
    expect(r.lines[1].raw).toBe('    maxconn 10');
    expect(r.diagnostics).toEqual([]);
  });

  it('ends the line at a CR that follows a word (haproxy ignores the rest)', () => {
    const r = lex('  maxconn 1\rfoo\n');
    expect(r.lines[0].words.map((w) => w.value)).toEqual(['maxconn', '1']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['haproxy/stray-cr']);
    // but a CR after a blank is just a blank
    expect(values('.notice a \rb')).toEqual(['.notice', 'a', 'b']);
  });

  it('reads a [scope] line whole, without tokenizing it', () => {
    const r = lex('[my "scope]\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.lines[0]).toMatchObject({ scope: true, words: [{ value: '[my "scope]' }] });
  });

  it('accepts 64 words and refuses 65, or blank after the 64th (as haproxy does)', () => {
    const w63 = '.notice ' + Array(63).fill('w').join(' ');
    expect(values(w63)).toHaveLength(MAX_LINE_ARGS);
    expect(errorOf(w63 + ' w').code).toBe('haproxy/too-many-words');
    expect(errorOf(w63 + ' ').code).toBe('haproxy/too-many-words');
  });
});

describe('haproxy lexer: errors at the position haproxy reports', () => {
  it.each([
    ['unterminated double quote', '.notice "a', 'haproxy/unmatched-quote', 9],
    ['unterminated single quote', ".notice 'a", 'haproxy/unmatched-quote', 9],
    ["no escape in single quotes: 'a\\'b' leaves a quote open", ".notice 'a\\'b'", 'haproxy/unmatched-quote', 14],
    ['truncated hex escape', '.notice a\\x4', 'haproxy/invalid-hex-escape', 10],
    ['bad first char of an env var', '.notice "$1"', 'haproxy/invalid-env-name', 11],
    ['unterminated ${', '.notice "${NOPE"', 'haproxy/unmatched-brace', 11],
    ['${VAR-default} (2.6 refuses it)', '.notice "${HOME-def}"', 'haproxy/unmatched-brace', 11],
    ['a space inside ${...}', '.notice "${HO ME}"', 'haproxy/unmatched-brace', 11],
    ['bad [*] expansion', '.notice "${HOME[x]}"', 'haproxy/invalid-word-expansion', 16],
  ])('%s', (_name, line, code, column) => {
    const d = errorOf(line);
    expect(d.code).toBe(code);
    expect(d.span).toMatchObject({ file: 't.cfg', line: 1, column });
    expect(d.message).toContain(`position ${column}`);
  });

  it('reports errors on the right line of a longer file and keeps the other lines', () => {
    const r = lex('global\n  maxconn 1\n  log "x\n  nbthread 2\n');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0].span).toMatchObject({ line: 3, column: 7 });
    expect(r.lines[3].words.map((w) => w.value)).toEqual(['nbthread', '2']);
  });

  it('flags a missing final newline', () => {
    expect(lex('global\n  maxconn 1').missingFinalNewline).toBe(true);
    expect(lex('global\n  maxconn 1\n').missingFinalNewline).toBe(false);
    expect(lex('').missingFinalNewline).toBe(false);
  });
});
