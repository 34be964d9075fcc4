/**
 * What the keepalived.conf parser gives the checks and the live probes (keepalived.conf(5), Debian 12's
 * keepalived 2.2.7). Only what the lab judges is modelled; every other block and keyword is kept as a
 * generic `KaBlock`/`KaStatement`, so nothing a learner wrote is lost. Every value carries its span.
 */
import type { Span } from '../../source';

/** One `keyword args...` line, or a block `keyword args... { ... }`. */
export interface KaStatement {
  keyword: string;
  args: string[];
  span: Span;
  /** Set when the statement opens a block. */
  children?: KaStatement[];
}

/** `vrrp_script NAME { script "..."; interval; weight; fall; rise; timeout; user }`. */
export interface KaVrrpScript {
  name: string;
  span: Span;
  /** The command, unquoted (`killall -0 haproxy`, `/usr/bin/pgrep haproxy`). */
  script?: string;
  scriptSpan?: Span;
  /** Seconds; keepalived's default is 1. */
  interval?: number;
  /** -253..253; undefined means 0 (the instance goes to FAULT when the script fails). */
  weight?: number;
  weightSpan?: Span;
  fall?: number;
  rise?: number;
  timeout?: number;
  user?: string;
  /** `weight W reverse`. */
  weightReverse?: boolean;
}

/** `vrrp_track_process NAME { process haproxy; weight; ... }`. */
export interface KaTrackProcess {
  name: string;
  span: Span;
  process?: string;
  /** The `process` line. */
  processSpan?: Span;
  weight?: number;
  weightSpan?: Span;
  /** `weight W reverse`. */
  weightReverse?: boolean;
  delay?: number;
}

/** A reference from an instance's `track_script { NAME [weight W] }` or `track_process { ... }`. */
export interface KaTrackRef {
  name: string;
  /** A per-reference `weight` overrides the script's own. */
  weight?: number;
  span: Span;
  /** The reference's whole line, when it sets a weight. */
  weightSpan?: Span;
}

export interface KaVip {
  /** `192.168.1.100` (no prefix). */
  address: string;
  prefix?: number;
  dev?: string;
  /** The rest of the line (`label eth0:1`, `brd ...`). */
  extra: string[];
  span: Span;
}

export interface KaVrrpInstance {
  name: string;
  span: Span;
  /** As written, upper-cased (`MASTER`, `BACKUP`, or a wrong one such as `SLAVE`). */
  state?: string;
  stateSpan?: Span;
  interface?: string;
  interfaceSpan?: Span;
  virtualRouterId?: number;
  virtualRouterIdSpan?: Span;
  /** 1..255; keepalived's default is 100. */
  priority?: number;
  prioritySpan?: Span;
  /** Seconds; default 1. */
  advertInt?: number;
  authType?: string;
  authTypeSpan?: Span;
  authPass?: string;
  authPassSpan?: Span;
  vips: KaVip[];
  /** The `virtual_ipaddress { }` block (present even when empty). */
  vipBlockSpan?: Span;
  unicastSrcIp?: string;
  unicastSrcIpSpan?: Span;
  unicastPeers: Array<{ address: string; span: Span }>;
  /** The `unicast_peer { }` block. */
  unicastPeerSpan?: Span;
  trackScripts: KaTrackRef[];
  /** The first `track_script { }` block. */
  trackScriptSpan?: Span;
  trackProcesses: KaTrackRef[];
  /** The first `track_process { }` block. */
  trackProcessSpan?: Span;
  trackInterfaces: Array<{ name: string; weight?: number; span: Span }>;
  nopreempt: boolean;
  nopreemptSpan?: Span;
  preemptDelay?: number;
}

export interface KaGlobalDefs {
  span?: Span;
  enableScriptSecurity: boolean;
  enableScriptSecuritySpan?: Span;
  /** `script_user USER [GROUP]`. */
  scriptUser?: string;
  scriptUserSpan?: Span;
  routerId?: string;
}

/** One parsed keepalived.conf (after `include` files are read, when the parser is given them). */
export interface KeepalivedConf {
  file: string;
  globalDefs: KaGlobalDefs;
  scripts: KaVrrpScript[];
  trackProcesses: KaTrackProcess[];
  instances: KaVrrpInstance[];
  /** Every top-level statement, in order (unknown ones included). */
  statements: KaStatement[];
  /** `include FILE` lines (recorded; the parser reads no other file). */
  includes?: Array<{ keyword: string; path: string; span: Span }>;
}
