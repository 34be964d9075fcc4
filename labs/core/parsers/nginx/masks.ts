/**
 * Bit masks of the nginx directive table (directives.generated.ts): where a directive may appear
 * and how many arguments it takes. Same idea as crossplane's analyzer masks, renumbered so that
 * every mask fits JavaScript's 32-bit integer operations.
 */

/** Contexts (blocks) a directive may appear in. */
export const CTX = {
  MAIN: 1 << 0,
  EVENTS: 1 << 1,
  MAIL: 1 << 2,
  MAIL_SERVER: 1 << 3,
  STREAM: 1 << 4,
  STREAM_SERVER: 1 << 5,
  STREAM_UPSTREAM: 1 << 6,
  HTTP: 1 << 7,
  HTTP_SERVER: 1 << 8,
  HTTP_LOCATION: 1 << 9,
  HTTP_UPSTREAM: 1 << 10,
  HTTP_SERVER_IF: 1 << 11,
  HTTP_LOCATION_IF: 1 << 12,
  HTTP_LIMIT_EXCEPT: 1 << 13,
  HTTP_ACME_ISSUER: 1 << 14,
  HTTP_OIDC_PROVIDER: 1 << 15,
  MGMT: 1 << 16,
  ALL: (1 << 17) - 1,
} as const;

/** Context paths (crossplane's context tuples joined by ">") and their bit. */
export const CONTEXT_PATHS: Readonly<Record<string, number>> = {
  '': CTX.MAIN,
  events: CTX.EVENTS,
  mail: CTX.MAIL,
  'mail>server': CTX.MAIL_SERVER,
  stream: CTX.STREAM,
  'stream>server': CTX.STREAM_SERVER,
  'stream>upstream': CTX.STREAM_UPSTREAM,
  http: CTX.HTTP,
  'http>server': CTX.HTTP_SERVER,
  'http>location': CTX.HTTP_LOCATION,
  'http>upstream': CTX.HTTP_UPSTREAM,
  'http>server>if': CTX.HTTP_SERVER_IF,
  'http>location>if': CTX.HTTP_LOCATION_IF,
  'http>location>limit_except': CTX.HTTP_LIMIT_EXCEPT,
  'http>acme_issuer': CTX.HTTP_ACME_ISSUER,
  'http>oidc_provider': CTX.HTTP_OIDC_PROVIDER,
  mgmt: CTX.MGMT,
};

/** Argument bits: bit n (0..7) = exactly n arguments are accepted. */
export const ARG_COUNT_BITS = 0xff;
/** Takes a `{ }` block. */
export const ARG_BLOCK = 0x100;
/** Exactly one argument, `on` or `off`. */
export const ARG_FLAG = 0x200;
/** 8 or more arguments are accepted. */
export const ARG_MORE = 0x2000;
