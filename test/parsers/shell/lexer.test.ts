import { describe, expect, it } from 'vitest';
import { lexShell, parseShell, type Token, type WordPart } from '../../../labs/core/parsers/shell/index';

/** A compact view of tokens: words as their parts, operators and redirections as text. */
function view(text: string): string[] {
  return lexShell(text).tokens.map((t: Token) => {
    if (t.t === 'word') return 'W(' + t.word.parts.map(part).join('+') + ')';
    if (t.t === 'op') return t.v;
    if (t.t === 'redir')
      return (
        `R${t.fd ?? ''}${t.op}` +
        (t.heredoc ? `[${t.heredoc.delim}${t.heredoc.quoted ? ',q' : ''}${t.heredoc.strip ? ',-' : ''}]` : '')
      );
    return t.t;
  });
}

function part(p: WordPart): string {
  switch (p.k) {
    case 'lit':
      return `lit:${p.text}${p.glob ? '*' : ''}`;
    case 'sq':
      return `sq:${p.text}`;
    case 'ansi':
      return `ansi:${JSON.stringify(p.text)}`;
    case 'dq':
      return `dq[${p.parts.map(part).join(',')}]`;
    case 'var':
      return `var:${p.name}${p.op ? p.op + (p.arg ?? '') : ''}`;
    case 'cmd':
      return `cmd:${p.text}`;
    case 'arith':
      return `arith:${p.text}`;
    case 'tilde':
      return `~${p.user}`;
  }
}

describe('shell lexer: tokens', () => {
  it('splits words, operators and newlines', () => {
    expect(view('a b;c&&d||e|f & g\n')).toEqual([
      'W(lit:a)',
      'W(lit:b)',
      ';',
      'W(lit:c)',
      '&&',
      'W(lit:d)',
      '||',
      'W(lit:e)',
      '|',
      'W(lit:f)',
      '&',
      'W(lit:g)',
      'nl',
      'eof',
    ]);
  });

  it('reads single, double and ANSI-C quotes as bash does', () => {
    expect(view(`'a $b \\' "x \\$y \\z \\" $v" $'t\\tq\\x41'`)).toEqual([
      'W(sq:a $b \\)',
      'W(dq[sq:x $y \\z " ,var:v])',
      'W(ansi:"t\\tqA")',
      'eof',
    ]);
  });

  it('backslash outside quotes quotes the next character; backslash-newline joins lines', () => {
    expect(view('a\\ b\\$c d\\\ne')).toEqual(['W(lit:a+sq: +lit:b+sq:$+lit:c)', 'W(lit:d+lit:e)', 'eof']);
    expect(view('echo a \\\n  b')).toEqual(['W(lit:echo)', 'W(lit:a)', 'W(lit:b)', 'eof']);
  });

  it('recognises expansions: $VAR, ${VAR:-x}, ${#V}, $(...), backticks, $((...)), ~', () => {
    expect(view('$A ${B:-def} ${#C} $(echo "(x)") `date` $((1+2)) ~/x ~bob $1 $@')).toEqual([
      'W(var:A)',
      'W(var:B:-def)',
      'W(var:C#len)',
      'W(cmd:echo "(x)")',
      'W(cmd:date)',
      'W(arith:1+2)',
      'W(~+lit:/x)',
      'W(~bob)',
      'W(var:1)',
      'W(var:@)',
      'eof',
    ]);
  });

  it('marks unquoted glob characters', () => {
    expect(view('rm /etc/x/* "a*"')).toEqual(['W(lit:rm)', 'W(lit:/etc/x/**)', 'W(dq[sq:a*])', 'eof']);
  });

  it('comments start only at the beginning of a word', () => {
    expect(view('echo a#b # c d\nx')).toEqual(['W(lit:echo)', 'W(lit:a#b)', 'nl', 'W(lit:x)', 'eof']);
  });

  it('redirections with file descriptors, and here-documents with their delimiters', () => {
    expect(view('cmd >f 2>&1 >>g <h 2>/dev/null &>all <<<"s"')).toEqual([
      'W(lit:cmd)',
      'R>',
      'W(lit:f)',
      'R2>&',
      'W(lit:1)',
      'R>>',
      'W(lit:g)',
      'R<',
      'W(lit:h)',
      'R2>',
      'W(lit:/dev/null)',
      'R&>',
      'W(lit:all)',
      'R<<<',
      'W(dq[sq:s])',
      'eof',
    ]);
    expect(view('cat <<EOF <<\'Q\' <<-"R" <<-S\nbody\nEOF\nq\nQ\n\tr\n\tR\n\ts\n\tS\n')).toEqual([
      'W(lit:cat)',
      'R<<[EOF]',
      'R<<[Q,q]',
      'R<<-[R,q,-]',
      'R<<-[S,-]',
      'nl',
      'eof',
    ]);
  });

  it('here-document bodies: literal when quoted, expanded parts when not, tabs stripped with <<-', () => {
    const toks = lexShell(
      'cat <<EOF; cat <<\'Q\'; cat <<-T\na $x \\$y \\\\ "q"\nEOF\n$lit\nQ\n\t\tind $v\n\tT\n',
    ).tokens;
    const hds = toks.filter((t) => t.t === 'redir').map((t) => (t.t === 'redir' ? t.heredoc! : undefined)!);
    expect(hds.map((h) => h.body)).toEqual(['a $x \\$y \\\\ "q"\n', '$lit\n', 'ind $v\n']);
    expect(hds[0].parts.map(part)).toEqual(['sq:a ', 'var:x', 'sq: $y \\ "q"\n']);
    expect(hds[1].parts.map(part)).toEqual(['sq:$lit\n']);
    expect(hds[2].parts.map(part)).toEqual(['sq:ind ', 'var:v', 'sq:\n']);
    expect(hds.every((h) => h.terminated)).toBe(true);
  });

  it('reports an unterminated quote and a here-document without its delimiter, without throwing', () => {
    const a = lexShell('echo "abc\n');
    expect(a.problems.map((p) => p.code)).toEqual(['shell/unterminated-quote']);
    const b = lexShell("echo 'abc");
    expect(b.problems.map((p) => p.code)).toEqual(['shell/unterminated-quote']);
    const c = lexShell('cat <<EOF\nbody\nEOF \n');
    expect(c.problems.map((p) => p.code)).toEqual(['shell/heredoc-unterminated']);
  });
});

describe('shell parser: tree', () => {
  it('parses lists, pipelines and and-or chains', () => {
    const { ast, diagnostics } = parseShell('s.sh', 'a | b && c || d; e &\n');
    expect(diagnostics).toEqual([]);
    const body = ast.body;
    expect(body.type).toBe('list');
    if (body.type !== 'list') return;
    expect(body.items.map((i) => [i.node.type, i.async])).toEqual([
      ['andor', false],
      ['simple', true],
    ]);
    const ao = body.items[0].node;
    if (ao.type !== 'andor') return;
    expect(ao.first.type).toBe('pipeline');
    expect(ao.rest.map((r) => r.op)).toEqual(['&&', '||']);
  });

  it('parses compound commands and keeps the commands inside', () => {
    const src =
      'if [ -f x ]; then echo a > f; elif true; then :; else echo b; fi\nfor h in a b; do echo $h; done\nwhile read l; do :; done < in\ncase $x in a|b) echo 1;; *) echo 2;; esac\nf() { echo in-f; }\nfunction g { echo in-g; }\n{ echo grouped; } > out\n( cd /tmp )\n[[ $a == b ]] && echo ok\n(( i++ ))\n';
    const { ast, diagnostics } = parseShell('s.sh', src);
    expect(diagnostics).toEqual([]);
    if (ast.body.type !== 'list') return;
    expect(ast.body.items.map((i) => i.node.type)).toEqual([
      'if',
      'for',
      'while',
      'case',
      'function',
      'function',
      'group',
      'group',
      'andor',
      'test',
    ]);
    const iff = ast.body.items[0].node;
    if (iff.type === 'if') {
      expect(iff.clauses.length).toBe(2);
      expect(iff.elseBody).toBeDefined();
    }
    const cs = ast.body.items[3].node;
    if (cs.type === 'case') expect(cs.items.map((i) => i.patterns.map((p) => p.raw))).toEqual([['a', 'b'], ['*']]);
  });

  it('reports syntax errors with positions and keeps going', () => {
    const { ast, diagnostics } = parseShell('s.sh', 'echo a\nfi\necho b\nif true; then\n');
    expect(diagnostics.map((d) => [d.code, d.span.line])).toEqual([
      ['shell/syntax', 2],
      ['shell/syntax', 4],
    ]);
    if (ast.body.type === 'list') expect(ast.body.items.length).toBeGreaterThanOrEqual(2);
  });

  it('one diagnostic for a run of separators', () => {
    const { diagnostics } = parseShell('s.sh', 'echo a;' + ';'.repeat(1000) + '\n');
    expect(diagnostics.length).toBeLessThan(5);
    expect(diagnostics[0].code).toBe('shell/syntax');
  });
});
