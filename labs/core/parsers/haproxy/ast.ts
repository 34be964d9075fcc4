import type { Span } from '../../source';

/** One word of a HAProxy line after HAProxy's own quoting rules were applied. */
export interface HaproxyWord {
  value: string;
  /** As written, quotes and escapes included. */
  raw: string;
  span: Span;
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
  | 'fcgi-app';

export interface HaproxySection {
  type: HaproxySectionType;
  /** `frontend www` -> `www`; unnamed `defaults`/`global` -> undefined. */
  name?: string;
  /** Words after the name (e.g. `defaults foo from bar`). */
  args: string[];
  header: HaproxyLine;
  lines: HaproxyLine[];
  span: Span;
}

export interface HaproxyConfig {
  file: string;
  /** Lines before the first section header (HAProxy rejects keywords there). */
  preamble: HaproxyLine[];
  sections: HaproxySection[];
}
