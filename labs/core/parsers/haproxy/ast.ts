import type { Span } from '../../source';

/** One word of a HAProxy line after HAProxy's own quoting rules were applied. */
export interface HaproxyWord {
  value: string;
  /** As written, quotes and escapes included. */
  raw: string;
  span: Span;
  /** Added by the parser: true when any part of the word was quoted. */
  quoted?: boolean;
  /** Added by the parser: environment variables referenced in double quotes (not expanded). */
  env?: string[];
}

/** One configuration line: `keyword args...` (`timeout connect 5s` -> keyword `timeout`, args `connect`, `5s`). */
export interface HaproxyLine {
  keyword: string;
  args: string[];
  words: HaproxyWord[];
  /** `no option httplog` / `default option ...`: the prefix is removed from keyword/args and kept here. */
  prefix?: 'no' | 'default';
  span: Span;
  line: number;
  /** The raw text of the line, without its line break. */
  raw: string;
  /** Trailing `# comment` text, if any. */
  comment?: string;
  /** Added by the parser: the line's leading white space as written (for printing). */
  indent?: string;
  /**
   * Added by the parser: the line sits in a `.if` block that HAProxy 2.6 skips (e.g.
   * `.if version_atleast(3.1)`). Kept for printing; helpers ignore it unless asked.
   */
  inactive?: boolean;
  /** Added by the parser: a `.if`/`.elif`/`.else`/`.endif`/`.notice`... directive line. */
  directive?: boolean;
  /** Added by the parser: a `[scope]` line. */
  scope?: boolean;
}

export type HaproxySectionType =
  | 'global'
  | 'defaults'
  | 'frontend'
  | 'backend'
  | 'listen'
  | 'userlist'
  | 'peers'
  | 'resolvers'
  | 'cache'
  | 'program'
  | 'http-errors'
  | 'ring'
  | 'mailers'
  | 'crt-store'
  | 'traces'
  | 'log-forward'
  | 'dynamic-update'
  | 'fcgi-app'
  /** HAProxy 3.1+ (added by the parser owner; newer than the 2.6 target). */
  | 'log-profile'
  /** HAProxy 3.2+. */
  | 'acme';

export interface HaproxySection {
  type: HaproxySectionType;
  /** `frontend www` -> `www`; unnamed `defaults`/`global` -> undefined. */
  name?: string;
  /** Words after the name (e.g. `defaults foo from bar`). */
  args: string[];
  header: HaproxyLine;
  lines: HaproxyLine[];
  span: Span;
  /** Added by the parser: the header sits in a `.if` block HAProxy 2.6 skips. */
  inactive?: boolean;
}

export interface HaproxyConfig {
  file: string;
  /** Lines before the first section header (HAProxy rejects keywords there). */
  preamble: HaproxyLine[];
  sections: HaproxySection[];
  /** Added by the parser: whole-line `# comments`, in order (for printing). */
  comments?: Array<{ text: string; span: Span; indent: string }>;
  /** Added by the parser: lines HAProxy drops (a lexical error such as an unmatched quote, or an empty first word). */
  rejectedLines?: Array<{ line: number; raw: string; span: Span }>;
  /** Added by the parser: number of lines of the text (a final LF does not start a new line). */
  lineCount?: number;
  /** Added by the parser: false when the text does not end with LF (HAProxy 2.6 refuses it). */
  finalNewline?: boolean;
}
