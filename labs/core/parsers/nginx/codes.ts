/**
 * The Nginx parser's diagnostics: their codes, as a type, and the English of each message in one table
 * keyed by code. A code with one message maps to its template; a code whose message differs with the case
 * maps to named variants, addressed as `code#variant`. `{{name}}` placeholders are filled from the data
 * the parser passes, when the diagnostic is created (the Diagnostic keeps its plain `message`).
 * `diag()` and `message()` take only these ids, and the data each template needs, so tsc rejects a code
 * that is not listed or a missing placeholder. test/parsers/parser-codes.test.ts checks that the codes
 * listed here are exactly the codes the sources emit.
 *
 * The analyzer's messages (directives.ts) are also crossplane's reasons: the crossplane payload carries
 * the same text, followed by " in FILE:LINE".
 */
import { type Diagnostic, type Severity, type Span, diagnostic } from '../../source';
import { messageFunctions, type Extra as MessagesExtra, type MessageId } from '../messages';

export const NGINX_MESSAGES = {
  // lexer
  'nginx/comment-at-eof': 'the last comment has no final newline (crossplane drops it)',
  'nginx/unterminated-quote': {
    double: 'unbalanced double quote: the string is never closed',
    single: 'unbalanced single quote: the string is never closed',
  },
  'nginx/unexpected-after-quote': 'unexpected "{{char}}" right after a quoted string (nginx needs a space there)',
  'nginx/unexpected-eof': {
    token: 'unexpected end of file inside a token (crossplane drops it)',
    'lua-directive': 'unexpected end of file in "{{directive}}"',
    'lua-open': 'unexpected end of file, expecting "{" to start the Lua block of "{{directive}}"',
    'lua-block': 'unexpected end of file in the Lua block of "{{directive}}", expecting "}"',
    block: 'unexpected end of file, expecting "}"',
    statement: 'unexpected end of file, expecting ";" or "}" after "{{directive}}"',
  },
  'nginx/lua-block': 'expected { to start Lua block',
  // parser
  'nginx/file-not-found': '{{file}} is not in the submission',
  'nginx/context-inferred':
    '{{file}} starts with "{{directive}}", so it is read as a file included inside {{contexts}}',
  'nginx/unexpected-close': 'unexpected "}"',
  'nginx/too-deep': 'blocks nested deeper than {{max}} levels',
  'nginx/too-many-statements':
    'parsing stopped here: more than {{max}} statements (a real configuration has a few hundred); the rest was not read',
  'nginx/unexpected-token': 'unexpected "{{token}}"',
  'nginx/include-limit': 'more than {{max}} included files; "{{file}}" and later ones are not read',
  'nginx/include-loop': {
    depth: 'include chain deeper than {{max}} files at "{{file}}"; not read',
    self: 'include loop: "{{file}}" includes itself',
    through: 'include loop: "{{file}}" includes itself through the files it includes',
  },
  'nginx/too-many-findings':
    '{{count}} more findings of the same kinds in {{file}} are not listed (at most {{max}} of each kind per file)',
  'nginx/include-stock': {
    absolute: '"{{path}}" is not in the submission; it is assumed to be the distribution\'s own file',
    relative: '"{{path}}" is not in the submission; Nginx reads it from /etc/nginx/, the distribution\'s own file',
  },
  'nginx/include-outside-submission': {
    absolute: 'include "{{path}}" points outside the submission folder; it is not read',
    climbs: 'include "{{path}}" climbs out of the submission folder; it is not read',
  },
  'nginx/include-not-found': 'included file "{{path}}" is not in the submission',
  // analyzer (directives.ts), and unknown directives
  'nginx/unknown-directive': {
    unknown: 'unknown directive "{{directive}}"',
    lua: '"{{directive}}" is not an official nginx directive (it comes from the third-party Lua module)',
  },
  'nginx/not-allowed-here': '"{{directive}}" directive is not allowed here',
  'nginx/no-opening-brace': 'directive "{{directive}}" has no opening "{"',
  'nginx/missing-semicolon': 'directive "{{directive}}" is not terminated by ";"',
  'nginx/invalid-args': {
    flag: 'invalid value "{{value}}" in "{{directive}}" directive, it must be "on" or "off"',
    count: 'invalid number of arguments in "{{directive}}" directive',
  },
} as const;

/**
 * The hints (the diagnostic's `hint`: what to write instead), keyed like the messages: a code, or
 * `code#variant` where a code's hint depends on the case.
 */
export const NGINX_HINTS = {
  'nginx/unknown-directive': 'did you mean "{{directive}}"?',
  'nginx/include-loop': 'nginx would include the file again and again; remove the include that closes the loop',
  'nginx/include-stock#absolute': 'Absolute include paths are never read from the submission.',
  'nginx/include-stock#relative': 'Relative include paths resolve against /etc/nginx/.',
} as const satisfies { [K in NginxDiagnosticCode | `${NginxDiagnosticCode}#${string}`]?: string };

/** Pieces of the messages above (filled into their placeholders). */
export const NGINX_FRAGMENTS = {
  /** a context in "read as a file included inside http { } > server { }" */
  block: '{{name}} { }',
} as const;

type Table = typeof NGINX_MESSAGES;
export type NginxDiagnosticCode = keyof Table;
/** A message: its code, or `code#variant` for a code with several messages. */
export type NginxMessageId = MessageId<Table>;
type Extra = MessagesExtra;

/** The typed functions over these tables (parsers/messages.ts): message, fragment, hint, codeOf, diag. */
export const { message, fragment, hint, codeOf, diag } = messageFunctions(NGINX_MESSAGES, NGINX_FRAGMENTS, NGINX_HINTS);

/** A diagnostic whose message was already rendered from this table (the analyzer's reason, which is crossplane's too). */
export function rendered(
  code: NginxDiagnosticCode,
  severity: Severity,
  text: string,
  span: Span,
  extra?: Extra,
): Diagnostic {
  return diagnostic(code, severity, text, span, extra);
}
