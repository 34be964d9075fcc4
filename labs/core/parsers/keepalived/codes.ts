/**
 * The keepalived.conf parser's diagnostics: their codes, as a type, and the English of each message in one
 * table keyed by code (a code whose message differs with the case maps to named variants, addressed as
 * `code#variant`). Where keepalived itself reports the problem, the message quotes what Debian 12's
 * keepalived 2.2.7 says under `keepalived -t` (research/labs-2-3.md §1.4, verified), so a learner who runs
 * it recognises the line. test/parsers/parser-codes.test.ts checks that these are exactly the codes the
 * parser emits.
 */
import { messageFunctions, type MessageId } from '../messages';

export const KEEPALIVED_MESSAGES = {
  'keepalived/too-many-statements':
    'more than {{max}} statements: the rest of {{file}}, from this line on, was not read',
  'keepalived/too-deep':
    'blocks nested more than {{max}} deep: what is inside this block was not read (keepalived.conf blocks nest 3 or 4 deep at most)',
  'keepalived/unclosed-block':
    "`{{keyword}}` opens a block that is never closed: keepalived says \"There are {{count}} missing '}'s or extra '{'s\"",
  'keepalived/extra-close-brace':
    "this '}' closes no block: keepalived says \"Extra '}' found\", and what follows is read at the wrong level",
  'keepalived/stray-open-brace':
    "this '{' follows no keyword: keepalived says \"Unexpected '{' - ignoring\", so the block it opens belongs to nothing",
  'keepalived/unterminated-quote':
    'the quote that opens {{text}} is never closed on this line: keepalived says "Unterminated quote" (and Debian 12\'s 2.2.7 then crashes)',
  'keepalived/unknown-state':
    "unknown state '{{state}}': keepalived says \"unknown state '{{state}}', defaulting to BACKUP\", so this instance starts as BACKUP",
  'keepalived/auth-pass-long':
    'auth_pass has {{length}} characters: `keepalived -t` fails with "Truncating auth_pass to 8 characters" and only the first 8 ({{used}}) are used',
  'keepalived/auth-type':
    "unknown auth_type '{{type}}': keepalived says \"unknown authentication type '{{type}}'\" (it knows PASS and AH)",
  'keepalived/no-vips':
    'virtual_ipaddress lists no address: keepalived says "No VIP specified; at least one is sensible"',
  'keepalived/bad-vip': "'{{address}}' is not an IPv4 or IPv6 address (with an optional /prefix)",
  'keepalived/out-of-range': {
    vrid: "virtual_router_id '{{value}}' is not valid: keepalived says \"VRID '{{value}}' not valid - must be between 1 & 255\"",
    priority:
      'priority \'{{value}}\' is not valid: keepalived says "Priority not valid! must be between 1 & 255. Using default 100"',
    weight: "weight '{{value}}' is outside -253..253: keepalived ignores it",
    number: "{{keyword}} '{{value}}' is not a number keepalived accepts",
  },
  'keepalived/no-vrid':
    'vrrp_instance {{name}} has no virtual_router_id: keepalived says "the virtual router id must be set"',
  'keepalived/no-interface': 'vrrp_instance {{name}} names no interface: keepalived says "Unknown interface!"',
  'keepalived/nopreempt-master':
    'nopreempt with state MASTER: keepalived says "nopreempt will not work with initial state MASTER - clearing"',
  'keepalived/unknown-keyword': {
    instance:
      "unknown keyword '{{keyword}}' in vrrp_instance {{name}}: keepalived says \"Unknown keyword '{{keyword}}'\"",
    block: "unknown keyword '{{keyword}}' in {{block}}: keepalived says \"Unknown keyword '{{keyword}}'\"",
    top: "unknown top-level keyword '{{keyword}}': keepalived ignores it",
  },
  'keepalived/missing-name': '{{keyword}} needs a name before its block ({{keyword}} NAME {)',
  'keepalived/duplicate': "{{what}} '{{name}}' is defined twice; keepalived keeps one of them",
  'keepalived/include-not-read':
    '{{keyword}} {{path}}: included files are not read by this checker; put everything the lab judges in this file',
  'keepalived/internal': 'internal parser error (a bug in web-infra-lab): {{error}}',
} as const;

export const KEEPALIVED_HINTS = {
  'keepalived/unclosed-block': "Add the missing '}' (each block closes with its own '}').",
  'keepalived/extra-close-brace': "Remove the extra '}', or add the '{' it was meant to close.",
  'keepalived/unterminated-quote': 'Close the quote on the same line.',
  'keepalived/unknown-state': 'Write `state MASTER` on one load balancer and `state BACKUP` on the other.',
  'keepalived/auth-pass-long':
    'Use at most 8 characters, the same on both load balancers (VRRP v2 carries only 8 bytes).',
  'keepalived/auth-type': 'Write `auth_type PASS`.',
  'keepalived/no-vips': 'List the virtual IP inside virtual_ipaddress { }, e.g. 192.168.1.100/24 dev eth0.',
  'keepalived/no-vrid': 'Add `virtual_router_id 51` (the same number on both load balancers).',
  'keepalived/no-interface': 'Add `interface eth0` (the interface that carries the load balancers’ network).',
  'keepalived/nopreempt-master':
    'nopreempt needs `state BACKUP` on both load balancers (the priority decides the master).',
  'keepalived/unknown-keyword': 'Check the spelling against keepalived.conf(5) (`man keepalived.conf`).',
  'keepalived/include-not-read': 'Put the vrrp_instance and its scripts in keepalived.conf itself.',
} as const satisfies { [K in KeepalivedDiagnosticCode | `${KeepalivedDiagnosticCode}#${string}`]?: string };

export const KEEPALIVED_FRAGMENTS = {
  /** the summary of a (file, code) over the cap; it keeps the code of the findings it counts */
  moreLikeThis: '…and {{count}} more like this in {{file}} (only the first {{max}} are listed)',
  opened: 'the block opened here',
  first: 'first defined here',
} as const;

type Table = typeof KEEPALIVED_MESSAGES;
export type KeepalivedDiagnosticCode = keyof Table;
export type KeepalivedMessageId = MessageId<Table>;

export const { message, fragment, hint, codeOf, diag } = messageFunctions(
  KEEPALIVED_MESSAGES,
  KEEPALIVED_FRAGMENTS,
  KEEPALIVED_HINTS,
);
