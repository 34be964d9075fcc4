/**
 * The HAProxy parser's diagnostics: their codes, as a type, and the English of each message in one table
 * keyed by code. A code with one message maps to its template; a code whose message differs with the case
 * maps to named variants, addressed as `code#variant`. `{{name}}` placeholders are filled from the data
 * the parser passes, when the diagnostic is created (the Diagnostic keeps its plain `message`).
 * `diag()` and `message()` take only these ids, and the data each template needs, so tsc rejects a code
 * that is not listed or a missing placeholder. test/parsers/parser-codes.test.ts checks that the codes
 * listed here are exactly the codes the sources emit.
 */
import { messageFunctions, type MessageId } from '../messages';

export const HAPROXY_MESSAGES = {
  // lexer
  'haproxy/invalid-hex-escape': 'truncated or invalid hexadecimal sequence at position {{position}}',
  'haproxy/invalid-env-name': 'forbidden first char in environment variable name at position {{position}}',
  'haproxy/invalid-word-expansion': 'truncated or invalid word expansion sequence at position {{position}}',
  'haproxy/unmatched-brace': 'unmatched brace in environment variable name at position {{position}}',
  'haproxy/unmatched-quote': 'unmatched quote at position {{position}}',
  'haproxy/too-many-words': 'too many words, truncating after word {{max}}',
  'haproxy/stray-cr': 'a carriage return in the middle of the line ends it: HAProxy ignores the rest of the line',
  'haproxy/too-many-lines': {
    lexed:
      'parsing stopped here: more than {{max}} lines of configuration and comments (a real configuration has a few hundred); this line and the rest of the file were not read',
    physical:
      'parsing stopped here: more than {{max}} lines (a real configuration has a few hundred); this line and the rest of the file were not read',
  },
  // parser
  'haproxy/too-many-findings':
    '{{count}} more findings of the same kinds in {{file}} are not listed (at most {{max}} of each kind per file), the first at line {{line}}',
  'haproxy/empty-first-word': 'the first word of this line is empty, so HAProxy ignores the whole line',
  'haproxy/empty-argument':
    'argument number {{number}} is empty and marks the end of the argument list; the words after it are ignored',
  'haproxy/lone-elif': "lone '{{directive}}' with no matching '.if'",
  'haproxy/lone-else': "lone '{{directive}}' with no matching '.if'",
  'haproxy/elif-after-else': "'{{directive}}' after '.else' is not permitted",
  'haproxy/lone-endif': "lone '.endif' with no matching '.if'",
  'haproxy/unknown-directive': "unknown directive '{{directive}}'",
  'haproxy/alert-directive': "'.alert' stops HAProxy: '{{text}}'",
  'haproxy/invalid-prefix': {
    keyword:
      "'{{prefix}} {{keyword}}': negation/default currently supported only for options, log, busy-polling, set-dumpable, strict-limits, insecure-fork-wanted and numa-cpu-mapping",
    option: "negation/default is not supported for option '{{option}}'",
  },
  'haproxy/missing-section-name': "'{{type}}' expects a name (<id>) argument",
  'haproxy/unexpected-argument': {
    global: "'global' cannot handle unexpected argument '{{argument}}'",
    timeout: "'timeout {{name}}': unexpected extra argument '{{argument}}' after value '{{value}}'",
  },
  'haproxy/invalid-name': {
    section: "character '{{char}}' is not permitted in '{{type}}' name '{{name}}'",
    line: "character '{{char}}' is not permitted in {{keyword}} name '{{name}}'",
  },
  'haproxy/section-address': "please use the 'bind' keyword for listening addresses",
  'haproxy/unknown-defaults': "defaults section '{{wanted}}' not found for {{type}} '{{name}}'",
  'haproxy/newer-section':
    "'{{type}}' sections need HAProxy {{since}} or newer; HAProxy {{target}} rejects this line as an unknown keyword",
  'haproxy/duplicate-name': {
    userlist: "duplicated userlist '{{name}}' is ignored (first declared on line {{line}})",
    proxy: "{{type}} '{{name}}' has the same name as the {{otherType}} declared on line {{line}}",
  },
  'haproxy/keyword-out-of-section': "unknown keyword '{{keyword}}' out of section",
  'haproxy/unterminated-if': "non-terminated '.if' block (opened on line {{line}})",
  'haproxy/no-final-newline': 'Missing LF on last line, file might have been truncated at position {{position}}',
  'haproxy/removed-keyword': {
    replaced: "'{{keyword}}' is not supported anymore since HAProxy {{version}}; use '{{replacement}}' instead",
    dropped: "'{{keyword}}' is not supported anymore since HAProxy {{version}}; remove it",
  },
  'haproxy/keyword-not-allowed': {
    global: "'{{keyword}}' is a proxy keyword: it is not allowed in the 'global' section",
    ignored: "'{{keyword}}' is ignored in {{where}} section{{name}}: it only applies to {{allowed}} sections",
    misplaced: "'{{keyword}}' not allowed in {{where}} section",
  },
  'haproxy/unknown-keyword': "unknown keyword '{{keyword}}' in '{{section}}' section{{didYouMean}}",
  'haproxy/unknown-option': "unknown option '{{option}}'{{didYouMean}}",
  'haproxy/unknown-timeout': "'timeout' supports {{names}} (got '{{got}}'){{didYouMean}}",
  'haproxy/deprecated-keyword': "'{{keyword}}' is deprecated in HAProxy {{target}}",
  'haproxy/missing-argument': {
    one: "'{{keyword}}' expects {{expects}} as argument",
    many: "'{{keyword}}' expects {{expects}} as arguments",
    timeout: "'timeout {{name}}' expects an integer value (in milliseconds)",
    option: "'{{option}}' expects a value",
  },
  'haproxy/invalid-value': {
    'mode-health': "'mode health' doesn't exist anymore",
    mode: "unknown proxy mode '{{mode}}'",
    balance: "unknown balance algorithm '{{algorithm}}'{{didYouMean}}",
    time: "invalid time '{{value}}' in 'timeout {{name}}'",
  },
  'haproxy/ignored-time-suffix': "haproxy reads '{{value}}' as '{{used}}' and ignores '{{ignored}}'",
  'haproxy/ignored-port-suffix': "haproxy reads the port '{{value}}' as {{used}} and ignores '{{ignored}}'",
  'haproxy/invalid-address': {
    address: "'{{keyword}}': invalid address '{{address}}' in '{{word}}'",
    port: "'{{keyword}}': invalid port '{{port}}' in '{{word}}'",
    'port-range': "'{{keyword}}': port range not permitted here in '{{word}}'",
    'no-port': "'{{keyword}}': missing port specification in '{{address}}' in '{{word}}'",
  },
  'haproxy/unknown-bind-keyword': "unknown bind keyword '{{word}}'{{didYouMean}}",
  'haproxy/unknown-server-keyword': "unknown server keyword '{{word}}'{{didYouMean}}",
} as const;

/**
 * The hints (the diagnostic's `hint`: what to write instead), keyed like the messages: a code, or
 * `code#variant` where a code's hint depends on the case.
 */
export const HAPROXY_HINTS = {
  'haproxy/invalid-hex-escape': 'A `\\x` escape needs exactly two hexadecimal digits, e.g. `\\x41`.',
  'haproxy/invalid-env-name':
    'Inside double quotes `$` starts an environment variable; write `\\$` for a literal dollar.',
  'haproxy/invalid-word-expansion': 'The only expansion form is `"${VAR[*]}"`.',
  'haproxy/unmatched-brace#default-value': 'HAProxy 2.6 does not accept a default value in `${VAR-default}`.',
  'haproxy/unmatched-quote': 'Close the quote on the same line: HAProxy has no multi-line strings.',
  'haproxy/too-many-words':
    'HAProxy accepts at most {{max}} words on a line (and no white space after the {{max}}th); split the rule.',
  'haproxy/invalid-name': 'Names may only contain letters, digits and the characters . - _ :',
  'haproxy/section-address': 'Write the address on its own line: `bind {{address}}`.',
  'haproxy/unknown-defaults': 'A `from` reference needs a named `defaults NAME` section earlier in the file.',
  'haproxy/keyword-out-of-section':
    '{{didYouMean}}Every keyword must follow a section header such as `global`, `defaults`, `frontend NAME` or `backend NAME`.',
  'haproxy/no-final-newline':
    'HAProxy 2.6 refuses a configuration whose last line does not end with a line break: add a newline at the end of the file.',
  'haproxy/removed-keyword#replaced': "Replace it with '{{replacement}}'.",
  'haproxy/removed-keyword#dropped': 'Remove this line.',
  'haproxy/keyword-not-allowed#global': 'Move it to a defaults, frontend, backend or listen section.',
  'haproxy/keyword-not-allowed#named-defaults':
    "'{{keyword}}' is only allowed in a named defaults section ('defaults NAME').",
  'haproxy/keyword-not-allowed#belongs': "'{{keyword}}' belongs in: {{allowed}}.",
  'haproxy/unknown-keyword#global':
    'Not a documented HAProxy {{target}} global keyword (some come with optional build modules such as Lua or WURFL).',
  'haproxy/unknown-keyword#global-only': "'{{keyword}}' is a global keyword: move it to the 'global' section.",
  'haproxy/unknown-keyword#new-section': "'{{section}}' starts a new section.",
  'haproxy/invalid-value#mode-health': "Use 'http-request return status 200' instead.",
  'haproxy/invalid-value#mode': "Use 'mode http' or 'mode tcp'.",
  'haproxy/invalid-value#balance': 'balance supports {{names}}.',
  'haproxy/invalid-value#time':
    'A time is digits with an optional unit: us, ms, s, m, h or d (e.g. 500ms, 5s, 2m); plain digits are milliseconds.',
  'haproxy/ignored-time-suffix': "Write a single value with one unit, e.g. '{{used}}'{{alternative}}.",
  'haproxy/ignored-port-suffix': "Put a space after the port if '{{ignored}}' is an option: ':{{used}} {{ignored}}'.",
  'haproxy/invalid-address#url': 'An address is HOST:PORT, not a URL: drop the scheme (e.g. `10.0.0.1:80`).',
  'haproxy/invalid-address#port': 'A port is a number from 1 to 65535.',
  'haproxy/invalid-address#port-range': 'A server has one port.',
  'haproxy/invalid-address#no-port': 'Write the port: `{{address}}:80`.',
  'haproxy/unknown-bind-keyword':
    'Not a HAProxy {{target}} bind option; haproxy {{target}} refuses the line if it does not know it either.',
  'haproxy/unknown-server-keyword':
    'Not a HAProxy {{target}} server option; haproxy {{target}} refuses the line if it does not know it either.',
} as const satisfies { [K in HaproxyDiagnosticCode | `${HaproxyDiagnosticCode}#${string}`]?: string };

/** Pieces of English the messages above are built from (filled into their placeholders). */
export const HAPROXY_FRAGMENTS = {
  didYouMean: "; did you mean '{{word}}'?",
  quoted: "'{{text}}'",
  anonymousDefaults: "anonymous 'defaults'",
  sectionName: " '{{name}}'",
  sectionHeaderDidYouMean: "Did you mean the section header '{{word}}'? ",
  orSeconds: " or '{{seconds}}s'",
  relatedDuplicate: "the other {{type}} '{{name}}'",
  relatedUnclosedIf: "the '.if' that is never closed by '.endif'",
} as const;

type Table = typeof HAPROXY_MESSAGES;
export type HaproxyDiagnosticCode = keyof Table;
/** A message: its code, or `code#variant` for a code with several messages. */
export type HaproxyMessageId = MessageId<Table>;

/** The typed functions over these tables (parsers/messages.ts): message, fragment, hint, codeOf, diag. */
export const { message, fragment, hint, codeOf, diag } = messageFunctions(
  HAPROXY_MESSAGES,
  HAPROXY_FRAGMENTS,
  HAPROXY_HINTS,
);

/** "; did you mean 'x'?" when there is a suggestion, else nothing. */
export const didYouMeanText = (word: string | undefined): string => (word ? fragment('didYouMean', { word }) : '');
