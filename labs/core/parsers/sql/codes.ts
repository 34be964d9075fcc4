/**
 * The SQL parser's diagnostics: their codes, as a type, and the English of each message in one table
 * keyed by code. A code with one message maps to its template; a code whose message differs with the case
 * maps to named variants, addressed as `code#variant`. `{{name}}` placeholders are filled from the data
 * the parser passes, when the diagnostic is created (the Diagnostic keeps its plain `message`).
 * `diag()` and `message()` take only these ids, and the data each template needs, so tsc rejects a code
 * that is not listed or a missing placeholder. test/parsers/parser-codes.test.ts checks that the codes
 * listed here are exactly the codes the sources emit.
 */
import { messageFunctions, type Data, type MessageId, type TemplateOf } from '../messages';

export const SQL_MESSAGES = {
  'sql/syntax': {
    host: "expected a host after '@'",
    'create-user': 'CREATE USER needs an account name',
    'grant-on': 'GRANT ... ON needs a target such as *.* or mydb.*',
    'grant-to': 'GRANT ... TO needs an account',
    'expected-to': 'expected TO after {{statement}}',
    'option-name': 'expected an option name, found {{found}}',
    'expected-equals': "expected '=' after {{option}}",
    'no-value': '{{option}} has no value',
    'no-options': '{{statement}} has no options',
  },
  'sql/missing-comma': "missing ',' before {{option}}: the server rejects the statement with a syntax error",
  'sql/option-type': {
    number:
      "{{option}} takes a number, not a quoted string: the server rejects '{{option}} = {{quote}}{{value}}{{quote}}' with a syntax error",
    string: '{{option}} takes a quoted string: the server rejects an unquoted {{value}} with a syntax error',
  },
  'sql/too-many-statements':
    'parsing stopped here: more than {{max}} statements (replication SQL has a few dozen); the rest was not read',
  'sql/delimiter': 'DELIMITER is a mysql client command, not SQL; this checker splits statements on ; only',
  'sql/internal': 'internal parser error (a bug in web-infra-lab): {{error}}',
  'sql/unterminated-comment': 'this comment /* is never closed; everything after it is swallowed',
  'sql/unterminated-identifier': 'this backtick identifier is never closed; everything after it is swallowed',
  'sql/unterminated-string': 'this string is never closed; everything after it is swallowed',
} as const;

/**
 * The hints (the diagnostic's `hint`: what to write instead), keyed like the messages: a code, or
 * `code#variant` where a code's hint depends on the case.
 */
export const SQL_HINTS = {
  'sql/syntax#host': "Write accounts as 'user'@'host', e.g. 'replicator'@'10.0.0.22'.",
  'sql/syntax#create-user': "Write CREATE USER 'user'@'host' IDENTIFIED BY 'password';",
  'sql/syntax#grant-to': "Write GRANT REPLICATION SLAVE ON *.* TO 'user'@'host';",
  'sql/missing-comma': 'Separate CHANGE MASTER options with commas.',
  'sql/option-type#number': 'Write {{option}} = {{value}} without quotes.',
  'sql/option-type#string': "Write {{option}} = '{{value}}'.",
  'sql/unterminated-comment': 'Close the quote (or comment) before the end of the statement.',
  'sql/unterminated-identifier': 'Close the quote (or comment) before the end of the statement.',
  'sql/unterminated-string': 'Close the quote (or comment) before the end of the statement.',
} as const satisfies { [K in SqlDiagnosticCode | `${SqlDiagnosticCode}#${string}`]?: string };

/** Pieces of English the parser adds to diagnostics. */
export const SQL_FRAGMENTS = {
  /** the summary of a code over the cap; it keeps the code of the findings it counts */
  moreLikeThis: '…and {{count}} more like this in {{file}} (only the first {{max}} are listed)',
} as const;

type Table = typeof SQL_MESSAGES;
export type SqlDiagnosticCode = keyof Table;
/** A message: its code, or `code#variant` for a code with several messages. */
export type SqlMessageId = MessageId<Table>;

/** The typed functions over these tables (parsers/messages.ts): message, fragment, hint, codeOf, diag. */
export const { message, fragment, hint, codeOf, diag } = messageFunctions(SQL_MESSAGES, SQL_FRAGMENTS, SQL_HINTS);

/** The data the message `id` needs (null when it has no placeholder). */
export type SqlMessageData<I extends SqlMessageId> = Data<TemplateOf<Table, I>>;
