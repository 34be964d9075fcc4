/**
 * The my.cnf parser's diagnostics: their codes, as a type, and the English of each message in one table
 * keyed by code. A code with one message maps to its template; a code whose message differs with the case
 * maps to named variants, addressed as `code#variant`. `{{name}}` placeholders are filled from the data
 * the parser passes, when the diagnostic is created (the Diagnostic keeps its plain `message`).
 * `diag()` and `message()` take only these ids, and the data each template needs, so tsc rejects a code
 * that is not listed or a missing placeholder. test/parsers/parser-codes.test.ts checks that the codes
 * listed here are exactly the codes the sources emit (`file/not-found` included: the parser reports a
 * missing entry file with the code decodeText's file findings share).
 */
import { messageFunctions, type MessageId } from '../messages';

export const MYCNF_MESSAGES = {
  'mycnf/too-many-entries':
    'more than {{max}} options, groups and directives: the rest of {{file}}, from this line on, and anything read after it were not read',
  'mycnf/bad-group-header':
    'group header {{header}} has no closing \']\'; the server refuses to start ("Wrong group definition")',
  'mycnf/text-after-group': 'text after the group header is ignored: {{text}}',
  'mycnf/empty-group': 'empty group name []: no program reads the options below it',
  'mycnf/group-space':
    'group name {{name}} starts with whitespace, so it is not [{{trimmed}}]: no program reads the options below it',
  'mycnf/unterminated-quote':
    "the quote that opens this value is never closed; the server keeps the value as written, quote and any '#' included: {{value}}",
  'mycnf/partial-quote':
    'the value starts with a quote but does not end with it, so the quotes are kept as part of the value: {{value}}',
  'mycnf/quote-hides-comment': {
    apostrophe:
      "the apostrophe here opens a quoted part that never closes, so the '#' after it does not start a comment: the server reads {{line}} as one option line",
    quote:
      "the quote here opens a quoted part that never closes, so the '#' after it does not start a comment: the server reads {{line}} as one option line",
  },
  'mycnf/empty-name': "'=' with no option name before it",
  'mycnf/invalid-name': 'option name {{name}} contains spaces or quotes; the server will not recognise it',
  'mycnf/option-outside-group':
    'option \'{{name}}\' comes before any [group] header; the server refuses the file ("Found option without preceding group")',
  'mycnf/option-case':
    "option name '{{name}}' has upper-case letters: MariaDB accepts it, MySQL 8 option names are case-sensitive (write '{{lower}}')",
  'mycnf/include-missing-path': {
    keyword: "'{{line}}' has no path; the server refuses to start (\"Wrong '!{{keyword}}' directive\")",
    directive: "'{{directive}}' has no path; the server refuses to start",
  },
  'mycnf/unknown-directive': 'unknown directive {{line}}; the server ignores it',
  'mycnf/include-comment': 'the server reads the whole rest of the line as the path, comment included: {{path}}',
  'mycnf/include-stock':
    "{{directive}} {{path}} is the distribution's own configuration folder/file; it is not part of the submission and was not read",
  'mycnf/include-outside-submission': {
    absolute: '{{directive}} {{path}} points outside the submission; it was not read',
    climbs: '{{directive}} {{path}} climbs out of the submission folder; it was not read',
  },
  'mycnf/include-depth': '{{directive}} {{path}} is nested more than {{max}} levels deep; the server skips it',
  'mycnf/includedir-not-found':
    '!includedir {{path}}: no such folder in the submission ({{folder}}); the server refuses to start ("Can\'t read dir")',
  'mycnf/includedir-skipped': '!includedir {{path}} skips {{file}}: the server reads only files ending in .cnf there',
  'mycnf/include-loop':
    '{{directive}} {{path}} includes {{file}} again, which is already being read ({{chain}}); the server reads it again and again up to {{max}} levels',
  'mycnf/include-not-found':
    '{{directive}} {{path}}: {{file}} is not in the submission; the server skips a missing !include silently',
  'mycnf/duplicate-option': {
    value: "'{{name}}' is set {{count}} times in [{{group}}]; the last one wins ({{value}})",
    'no-value': "'{{name}}' is set {{count}} times in [{{group}}]; the last one wins",
  },
  'file/not-found': '{{file}} is not in the submission',
  'mycnf/internal': 'internal parser error (a bug in web-infra-lab): {{error}}',
} as const;

/**
 * The hints (the diagnostic's `hint`: what to write instead), keyed like the messages: a code, or
 * `code#variant` where a code's hint depends on the case.
 */
export const MYCNF_HINTS = {
  'mycnf/too-many-entries': 'An option file has a few dozen options; this one looks generated or corrupted.',
  'mycnf/bad-group-header': 'Write the group name in square brackets, e.g. [mysqld].',
  'mycnf/text-after-group': 'Put each option on its own line below the group header.',
  'mycnf/group-space': 'Write [{{trimmed}}] without spaces inside the brackets.',
  'mycnf/unterminated-quote': 'Close the quote on the same line (option values cannot span lines).',
  'mycnf/partial-quote': 'Quote the whole value, or put any comment after the closing quote.',
  'mycnf/quote-hides-comment': 'Quote the whole value, or put the comment on its own line.',
  'mycnf/empty-name': 'Write name = value, e.g. server-id = 1.',
  'mycnf/invalid-name': 'Option names are single words: server-id, bind-address, log_bin.',
  'mycnf/option-outside-group': 'Put [mysqld] (or the group the option belongs to) above it.',
  'mycnf/unknown-directive': 'The only directives are !include FILE and !includedir DIR.',
  'mycnf/include-comment': 'Put the comment on its own line.',
  'mycnf/include-outside-submission': 'Include files by a path relative to this file, inside your submission.',
} as const satisfies { [K in MycnfDiagnosticCode | `${MycnfDiagnosticCode}#${string}`]?: string };

/** Pieces of English the parser adds to diagnostics (summaries, related places). */
export const MYCNF_FRAGMENTS = {
  /** the summary of a (file, code) over the cap; it keeps the code of the findings it counts */
  moreLikeThis: '…and {{count}} more like this in {{file}} (only the first {{max}} are listed)',
  includedHere: 'included here',
  earlier: "earlier '{{name}}' here",
  first: "first '{{name}}' here",
} as const;

type Table = typeof MYCNF_MESSAGES;
export type MycnfDiagnosticCode = keyof Table;
/** A message: its code, or `code#variant` for a code with several messages. */
export type MycnfMessageId = MessageId<Table>;

/** The typed functions over these tables (parsers/messages.ts): message, fragment, hint, codeOf, diag. */
export const { message, fragment, hint, codeOf, diag } = messageFunctions(MYCNF_MESSAGES, MYCNF_FRAGMENTS, MYCNF_HINTS);
