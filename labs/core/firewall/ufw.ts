/**
 * What ufw does on a host, from what the learner submitted: the `ufw` commands of their scripts and
 * command files (in order, as ufw would apply them: `insert`, `delete`, `reset`, `default`, `enable`),
 * ufw's own files (`user.rules`, `before.rules`, `ufw.conf`) when submitted or written by a script.
 * `decide()` then says what happens to one incoming packet and which rule decides it: the first match
 * wins (before.rules, then the user's rules), else the default incoming policy, as ufw(8) describes.
 *
 * Pure TypeScript; bounded (at most 10,000 commands per script, 5,000 rules). Lab 3 asks it one
 * question (is VRRP between the load balancers let through?); lab 2's firewall checks ask more.
 */
import type { Span } from '../source';
import type { HostModel, ModelFile } from '../model/types';
import { reconstructScript } from '../parsers/shell/reconstruct';

export type UfwAction = 'allow' | 'deny' | 'reject' | 'limit';

export interface UfwRule {
  action: UfwAction;
  direction: 'in' | 'out';
  iface?: string;
  /** `tcp`, `udp`, `vrrp`, `112`...; undefined: every protocol. */
  proto?: string;
  /** Address or CIDR; undefined: any. */
  from?: string;
  fromPort?: string;
  to?: string;
  toPort?: string;
  /** An application profile (`OpenSSH`, `Nginx Full`): tcp/udp ports only. */
  app?: string;
  /** The rule as written (`ufw allow from 10.0.0.15 proto vrrp`). */
  text: string;
  span: Span;
  /** Where it sits: ufw's before.rules run before every user rule. */
  chain: 'before' | 'user';
  /** Some of its words are only known when the script runs (`from "$PEER"`): an address there may be any. */
  runtime?: boolean;
}

export interface UfwProblem {
  span: Span;
  /** The command as written (`ufw enable -y`). */
  text: string;
  /** What ufw says or does (`ERROR: Wrong number of arguments`...). */
  message: string;
}

export interface UfwState {
  /** The host holds any ufw command or ufw file at all. */
  present: boolean;
  enabled: boolean;
  enabledAt?: Span;
  defaultIncoming: 'allow' | 'deny' | 'reject';
  defaultAt?: Span;
  /** The line that set it, as written (`ufw default allow incoming`, `:INPUT ACCEPT`, `policy accept;`). */
  defaultText?: string;
  rules: UfwRule[];
  problems: UfwProblem[];
  /** Something the model cannot follow (a word only known at run time): judgements that depend on it are guesses. */
  unknown: Span[];
  /** The rules in force when ufw was first enabled (what an ssh session then met), and where that was. */
  rulesAtEnable?: UfwRule[];
  firstEnabledAt?: Span;
  /** `-j REDIRECT` rules of ufw's rules files (a `*nat` section of before.rules, or misplaced elsewhere). */
  redirects: NatRedirect[];
  /** The tables of ufw's rules files (`*nat`, `*filter`): where each starts and whether a `COMMIT` ends it. */
  tables: Array<{ name: string; span: Span; committed: boolean; file: string }>;
  /** `DEFAULT_FORWARD_POLICY="ACCEPT"` in /etc/default/ufw: routing allowed, which is not a port redirect. */
  forwardPolicyAt?: Span;
  /** What the firewall is written with: ufw, or a plain iptables or nftables ruleset of the learner's own. */
  tool: 'ufw' | 'iptables' | 'nftables';
  /**
   * Where replies to the host's own connections are let in (an ESTABLISHED accept, `ct state established
   * accept`). ufw's before.rules always has one; a plain iptables or nftables ruleset only when the learner
   * wrote it. Undefined there: each reply is a new packet to a random port, judged by the rules.
   */
  repliesAt?: Span;
}

/** A `-A <chain> ... -j REDIRECT --to-ports N` line of ufw's rules files. */
export interface NatRedirect {
  /** The table it sits in (`nat` is the only one where REDIRECT exists; `filter`: iptables-restore refuses it). */
  table: string;
  chain: string;
  proto?: string;
  dport?: string;
  toPort?: string;
  /** `-j DNAT --to-destination ADDR:PORT`: the address (no address: this host, as REDIRECT). */
  toAddress?: string;
  text: string;
  span: Span;
}

/** An incoming packet, as `decide` is asked about it. */
export interface Packet {
  proto: string;
  /** Unknown source: a rule for one address counts as a match, flagged `assumed`. */
  src?: string;
  dst?: string;
  /** The sender's port (a reply's: the service's port); undefined: a rule's source port counts as a match. */
  sport?: number;
  dport?: number;
}

export interface Decision {
  verdict: 'allow' | 'deny';
  /** The rule that decided it; undefined: the default policy did. */
  rule?: UfwRule;
  /** The match assumed the packet's unknown source is the rule's address. */
  assumed?: boolean;
}

const PROTO_NUMBERS: Record<string, string> = {
  vrrp: '112',
  tcp: '6',
  udp: '17',
  icmp: '1',
  esp: '50',
  ah: '51',
  gre: '47',
};
const protoId = (p: string) => PROTO_NUMBERS[p.toLowerCase()] ?? p.toLowerCase();

function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** `addr` (`any`, an address, a CIDR) holds `ip`; undefined when either is not IPv4. */
export function holds(addr: string | undefined, ip: string | undefined): boolean | undefined {
  if (addr === undefined || addr === 'any' || addr === '0.0.0.0/0') return true;
  if (ip === undefined) return undefined;
  const [base, bitsText] = addr.split('/');
  const a = ipv4(base);
  const b = ipv4(ip);
  if (a === undefined || b === undefined) return addr === ip;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (a & mask) === (b & mask);
}

/** Ports of the application profiles Debian 12's packages ship (ufw app list): openssh-server, nginx-common. */
const APP_PORTS: Record<string, { ports: string; proto: string }> = {
  openssh: { ports: '22', proto: 'tcp' },
  'nginx http': { ports: '80', proto: 'tcp' },
  'nginx https': { ports: '443', proto: 'tcp' },
  'nginx full': { ports: '80,443', proto: 'tcp' },
  'nginx quic': { ports: '443', proto: 'udp' },
};

const PORT = /^\d{1,5}(:\d{1,5})?(,\d{1,5}(:\d{1,5})?)*(\/(tcp|udp))?$/;

/**
 * Service names ufw looks up in /etc/services (`ufw allow ssh/tcp`, `ufw allow http`, `to any port mysql`):
 * those a web stack's answers use, with their port and protocols in Debian 12's netbase (https: TCP and UDP, for
 * HTTP/3; the others TCP only). Without `/proto`, ufw opens every protocol the name has (`ufw allow https`: both).
 */
const SERVICES: Record<string, { port: string; udp?: true }> = {
  ssh: { port: '22' },
  http: { port: '80' },
  www: { port: '80' },
  https: { port: '443', udp: true },
  mysql: { port: '3306' },
  'http-alt': { port: '8080' },
  webcache: { port: '8080' },
  smtp: { port: '25' },
  ftp: { port: '21' },
  telnet: { port: '23' },
  postgresql: { port: '5432' },
  submission: { port: '587' },
  imaps: { port: '993' },
  pop3s: { port: '995' },
};

/** A service name (`ssh`, `http/tcp`) as a port rule's words (proto undefined: TCP and UDP); undefined when it is not one. */
function servicePort(word: string): { port: string; proto?: string } | undefined {
  const [name, proto] = word.split('/');
  const svc = SERVICES[name.toLowerCase()];
  if (!svc || (proto !== undefined && proto !== 'tcp' && proto !== 'udp')) return undefined;
  if (proto === 'udp' && !svc.udp) return undefined;
  return { port: svc.port, ...(proto ? { proto } : svc.udp ? {} : { proto: 'tcp' }) };
}

/** Reads the words after the action (`in on eth0 proto vrrp from 10.0.0.15`); a string: ufw's complaint. */
export function parseRuleWords(
  action: UfwAction,
  words: string[],
  span: Span,
  text: string,
  chain: UfwRule['chain'] = 'user',
): UfwRule | string {
  const r: UfwRule = { action, direction: 'in', text, span, chain };
  let i = 0;
  if (words[i] === 'in' || words[i] === 'out') {
    r.direction = words[i++] as 'in' | 'out';
    if (words[i] === 'on') {
      r.iface = words[i + 1];
      i += 2;
    }
  }
  if (words[i] === 'log' || words[i] === 'log-all') i++;
  if (i >= words.length) return 'ERROR: Wrong number of arguments';
  const KEYS = new Set(['proto', 'from', 'to', 'port', 'app', 'comment']);
  if (!KEYS.has(words[i])) {
    // simple syntax: `allow 22/tcp`, `allow 80,443/tcp`, `allow OpenSSH`, `allow "Nginx Full"`
    const w = words[i++];
    const svc = APP_PORTS[w.toLowerCase()] ? undefined : servicePort(w);
    if (PORT.test(w)) {
      const [p, proto] = w.split('/');
      r.toPort = p;
      if (proto) r.proto = proto;
    } else if (svc) {
      r.toPort = svc.port;
      if (svc.proto) r.proto = svc.proto;
    } else r.app = w;
    if (words[i] === 'comment') i += 2;
    return i < words.length ? `ERROR: Invalid syntax (\`${words[i]}\`)` : r;
  }
  while (i < words.length) {
    const k = words[i];
    const v = words[i + 1];
    if (!KEYS.has(k) || v === undefined) return `ERROR: Invalid syntax (\`${k}\`)`;
    if (k === 'proto') r.proto = v;
    else if (k === 'from') {
      r.from = v;
      if (words[i + 2] === 'port') {
        r.fromPort = words[i + 3];
        i += 2;
      } else if (words[i + 2] === 'app') {
        r.app = words[i + 3];
        i += 2;
      }
    } else if (k === 'to') {
      r.to = v;
      if (words[i + 2] === 'port') {
        r.toPort = words[i + 3];
        i += 2;
      } else if (words[i + 2] === 'app') {
        r.app = words[i + 3];
        i += 2;
      }
    } else if (k === 'port') r.toPort = v;
    else if (k === 'app') r.app = v;
    i += 2;
  }
  if (r.from === 'any') delete r.from;
  if (r.to === 'any') delete r.to;
  // `port ssh`: a service name stands for its port
  for (const k of ['toPort', 'fromPort'] as const) {
    const svc = r[k] !== undefined && !/^[\d:,]+$/.test(r[k]!) ? servicePort(r[k]!) : undefined;
    if (svc) {
      r[k] = svc.port;
      if (svc.proto) r.proto ??= svc.proto;
    }
  }
  return r;
}

/** One `-A ufw-before-input ...` / `-A ufw-user-input ...` line of ufw's rules files. */
function iptablesLine(line: string, span: Span): UfwRule | undefined {
  const m = /^-A\s+ufw-(before|user)-input\b(.*)$/.exec(line.trim());
  if (!m) return undefined;
  // loopback and connection-state rules never decide a new packet from another host
  if (/(^|\s)(-i\s+lo|-m\s+(conntrack|state)|--ctstate|--state)(\s|$)/.test(m[2])) return undefined;
  const opt = (flag: string) => new RegExp(`(?:^|\\s)${flag}\\s+(\\S+)`).exec(m[2])?.[1];
  const target = opt('-j');
  if (target !== 'ACCEPT' && target !== 'DROP' && target !== 'REJECT' && target !== 'ufw-user-limit-accept')
    return undefined;
  const r: UfwRule = {
    action: target === 'ACCEPT' || target === 'ufw-user-limit-accept' ? 'allow' : target === 'DROP' ? 'deny' : 'reject',
    direction: 'in',
    text: line.trim(),
    span,
    chain: m[1] === 'before' ? 'before' : 'user',
  };
  const p = opt('-p');
  if (p) r.proto = p;
  const s = opt('-s');
  if (s) r.from = s;
  const d = opt('-d');
  if (d) r.to = d;
  const dport = opt('--dport') ?? opt('--dports');
  if (dport) r.toPort = dport;
  const sport = opt('--sport') ?? opt('--sports');
  if (sport) r.fromPort = sport;
  const i = opt('-i');
  if (i) r.iface = i;
  return r;
}

const fileCache = new WeakMap<ModelFile, ReturnType<typeof reconstructScript>>();

/** A firewall command file (`sudo ufw allow 22/tcp` lines, or a script of them), run through the shell reconstructor once. */
function reconstructed(f: ModelFile) {
  let rec = fileCache.get(f);
  if (!rec) {
    // a file of commands without a `#!` line is what the learner typed at a prompt, where a Windows line end does
    // not exist; a script keeps bash's reading (its \r reaches the last word)
    const text = f.source.text.slice(0, 1_000_000);
    rec = reconstructScript(f.path, text.startsWith('#!') ? text : text.replace(/\r\n/g, '\n'));
    fileCache.set(f, rec);
  }
  return rec;
}

const commandFiles = (host: HostModel) =>
  host.files.filter(
    (f) =>
      f.kind === 'firewall' &&
      !f.fromScript &&
      /(^|\n)[ \t]*(sudo[ \t]+)?(ufw|iptables|sed|cat|echo|tee)\s/.test(f.source.text),
  );

/** The firewall commands of a host's scripts and of its firewall command files, in file order. */
function firewallCommands(host: HostModel, tool: 'ufw' | 'iptables') {
  const out: Array<{ argv: string[]; known: boolean[]; span: Span }> = [];
  for (const s of host.scripts) out.push(...(s.reconstruction.firewall ?? []).filter((c) => c.tool === tool));
  for (const f of commandFiles(host)) out.push(...reconstructed(f).firewall.filter((c) => c.tool === tool));
  return out;
}

/** The `ufw` commands of a host's scripts and of its firewall command files, in file order. */
export function commandsOf(host: HostModel) {
  return firewallCommands(host, 'ufw');
}

/**
 * One iptables rule spec (`-p tcp -s 10.0.0.10 --dport 80 -j ACCEPT`) of the INPUT chain, as a rule of the
 * model; undefined for what never decides a new packet from another host (loopback, connection state) or a
 * target the model does not follow (LOG, a chain of the learner's own).
 */
function iptablesSpec(words: string[], span: Span, text: string): UfwRule | undefined {
  const spec = ` ${words.join(' ')} `;
  if (/\s(-i\s+lo|-m\s+(conntrack|state)|--ctstate|--state)\s/.test(spec)) return undefined;
  const opt = (...flags: string[]) => {
    for (const flag of flags) {
      const k = words.indexOf(flag);
      if (k >= 0 && words[k + 1] !== undefined && words[k - 1] !== '!') return words[k + 1];
    }
    return undefined;
  };
  const target = opt('-j', '--jump');
  if (target !== 'ACCEPT' && target !== 'DROP' && target !== 'REJECT') return undefined;
  const r = inputRule(target, text, span);
  const p = opt('-p', '--protocol');
  if (p) r.proto = p;
  const src = opt('-s', '--source', '--src');
  if (src) r.from = src;
  const dst = opt('-d', '--destination', '--dst');
  if (dst) r.to = dst;
  const dport = opt('--dport', '--dports', '--destination-port', '--destination-ports');
  if (dport) r.toPort = dport;
  const sport = opt('--sport', '--sports', '--source-port', '--source-ports');
  if (sport) r.fromPort = sport;
  const i = opt('-i', '--in-interface');
  if (i) r.iface = i;
  return r;
}

/** A rule of a plain iptables or nftables input chain, from its verdict (`ACCEPT`/`accept`, `DROP`, `REJECT`). */
function inputRule(verdict: string, text: string, span: Span): UfwRule {
  const v = verdict.toLowerCase();
  return {
    action: v === 'accept' ? 'allow' : v === 'drop' ? 'deny' : 'reject',
    direction: 'in',
    text,
    span,
    chain: 'user',
  };
}

/** An nftables ruleset file (`table inet filter { chain input { type filter hook input ...; policy drop; ... } }`). */
export function isNftRuleset(text: string): boolean {
  return /^[ \t]*table[ \t]+(inet|ip)[ \t]+\S+[ \t]*\{/m.test(text) && /hook[ \t]+input\b/.test(text);
}

/**
 * The input chains of an nftables ruleset: their policy and their rules, in order (statements end at a
 * newline or `;`; a rule the model does not follow, e.g. a jump or a set lookup, is left out). Bounded: 5,000 rules.
 */
function nftInput(
  f: { text: string; span(line: number): Span },
  st: UfwState,
): { policy?: { value: 'allow' | 'deny'; span: Span; text: string } } {
  const out: { policy?: { value: 'allow' | 'deny'; span: Span; text: string } } = {};
  const lines = f.text.split('\n');
  let depth = 0;
  let inputAt = -1; // depth of the input chain's block, while inside it
  let chainDepth = -1;
  let chainIsInput = false;
  let chainStart = 0;
  for (let i = 0; i < lines.length && st.rules.length < 5000; i++) {
    const raw = lines[i].replace(/#.*$/, '');
    for (const stmt of raw.split(';')) {
      const t = stmt.trim();
      if (!t) continue;
      const opens = (t.match(/\{/g) ?? []).length;
      const closes = (t.match(/\}/g) ?? []).length;
      if (/^chain[ \t]+\S+[ \t]*\{/.test(t)) {
        chainDepth = depth + 1;
        chainIsInput = /hook[ \t]+input\b/.test(t);
        chainStart = i;
      } else if (depth === chainDepth && /hook[ \t]+input\b/.test(t)) chainIsInput = true;
      const inChain = depth >= chainDepth && chainDepth > 0;
      const body = t.replace(/^chain[ \t]+\S+[ \t]*\{/, '').trim();
      if (inChain && chainIsInput) {
        inputAt = chainStart;
        const pol = /\bpolicy[ \t]+(drop|accept)\b/.exec(body);
        if (pol)
          out.policy = {
            value: pol[1] === 'accept' ? 'allow' : 'deny',
            span: f.span(i + 1),
            text: `policy ${pol[1]};`,
          };
        else if (body && !/^(type|policy|\})/.test(body)) {
          // `ct state established,related accept`, or a verdict map (`ct state vmap { established : accept, ... }`)
          // (linear: an index search, no backtracking over a long line)
          const est = body.search(/\bestablished\b/);
          if (
            est >= 0 &&
            /\bct[ \t]+state\b/.test(body) &&
            !/\bct[ \t]+state[ \t]+!=/.test(body) &&
            /\baccept\b/.test(body.slice(est))
          )
            st.repliesAt ??= f.span(i + 1);
          const r = nftRule(body, f.span(i + 1));
          if (r) st.rules.push(r);
        }
      }
      depth += opens - closes;
      if (chainDepth > 0 && depth < chainDepth) {
        chainDepth = -1;
        chainIsInput = false;
      }
    }
  }
  void inputAt;
  return out;
}

/** One nftables rule of an input chain, as a rule of the model (undefined: loopback, connection state, or not followed). */
function nftRule(text: string, span: Span): UfwRule | undefined {
  if (/\b(iif|iifname)[ \t]+"?lo"?\b|\bct[ \t]+state\b/.test(text)) return undefined;
  // the verdict: the last accept/drop/reject outside a set (linear: no backtracking over the line)
  const verdict = text
    .replace(/\{[^{}]*\}/g, ' ')
    .split(/[ \t]+/)
    .reverse()
    .find((w) => w === 'accept' || w === 'drop' || w === 'reject');
  if (!verdict || /\b(jump|goto)\b|@/.test(text)) return undefined;
  const r = inputRule(verdict, text, span);
  const saddr = /\bip[ \t]+saddr[ \t]+([\d./]+)/.exec(text);
  if (saddr) r.from = saddr[1];
  else if (/\bip[ \t]+saddr\b/.test(text)) {
    // an anonymous set (`ip saddr { 10.0.0.11, 10.0.0.12 }`): one rule per address; a named set is not followed
    const set = /\bip[ \t]+saddr[ \t]+\{([^{}]*)\}/.exec(text)?.[1];
    const addrs = set?.split(',').map((a) => a.trim()) ?? [];
    if (!addrs.length || addrs.some((a) => !/^[\d./]+$/.test(a))) return undefined;
    r.from = addrs.join(',');
  }
  const daddr = /\bip[ \t]+daddr[ \t]+([\d./]+)/.exec(text);
  if (daddr) r.to = daddr[1];
  const l4 = /\b(tcp|udp)[ \t]+dport[ \t]+(\{[^}]*\}|\S+)/.exec(text);
  if (l4) {
    r.proto = l4[1];
    r.toPort = l4[2].replace(/[{}\s]/g, '').replace(/-/g, ':');
    if (!/^[\d:,]+$/.test(r.toPort)) return undefined;
  } else {
    const proto = /\b(?:meta[ \t]+l4proto|ip[ \t]+protocol)[ \t]+(\w+)/.exec(text);
    if (proto) r.proto = proto[1];
  }
  return r;
}

/** What a plain iptables firewall is made of (for live mode, which loads it for real): its dumps and its commands. */
export function iptablesSources(host: HostModel): {
  dumps: Array<{ name: string; text: string }>;
  nft: Array<{ name: string; text: string }>;
  commands: Array<{ argv: string[]; span: Span }>;
} {
  const dumps = ruleFiles(host)
    .filter(
      (f) =>
        f.firewall &&
        /^[ \t]*\*filter(?:[ \t]|$)/m.test(f.text) &&
        /^:INPUT[ \t]+(ACCEPT|DROP)\b/m.test(f.text) &&
        !/ufw-(before|user)-input/.test(f.text),
    )
    .map((f) => ({ name: f.name, text: f.text }));
  const nft = ruleFiles(host)
    .filter((f) => f.firewall && isNftRuleset(f.text))
    .map((f) => ({ name: f.name, text: f.text }));
  return { dumps, nft, commands: firewallCommands(host, 'iptables') };
}

/**
 * A plain iptables firewall: an iptables-save dump (`*filter`, `:INPUT DROP [0:0]`, `-A INPUT ...`, restored by
 * iptables-restore or netfilter-persistent) or `iptables -P/-A/-I/-F INPUT` commands. Its INPUT chain is the
 * host's firewall: in force as soon as it is loaded (no `enable`), its policy the default, first match wins.
 */
function iptablesInput(host: HostModel, st: UfwState): void {
  st.tool = 'iptables';
  // the built-in policy of INPUT (and of an nftables chain without `policy`) is accept, until a rule says drop
  st.defaultIncoming = 'allow';
  // a rule accepting the replies to the host's own connections (`-m conntrack --ctstate RELATED,ESTABLISHED`)
  const replies = (words: string[], span: Span) => {
    const k = words.findIndex((w) => w === '--ctstate' || w === '--state');
    const j = words.findIndex((w) => w === '-j' || w === '--jump');
    if (k >= 0 && words[k - 1] !== '!' && /\bESTABLISHED\b/i.test(words[k + 1] ?? '') && words[j + 1] === 'ACCEPT')
      st.repliesAt ??= span;
  };
  const policy = (pol: string, span: Span, text: string) => {
    st.present = true;
    st.defaultIncoming = pol === 'ACCEPT' ? 'allow' : 'deny';
    st.defaultAt = span;
    st.defaultText = text;
    if (!st.enabled) {
      st.enabled = true;
      st.enabledAt = span;
    }
    if (st.defaultIncoming === 'deny' && !st.rulesAtEnable) {
      st.rulesAtEnable = [...st.rules];
      st.firstEnabledAt = span;
    }
  };
  const push = (r: UfwRule | undefined, at: number | undefined, span: Span | undefined) => {
    st.present = true;
    if (!st.enabled) {
      st.enabled = true;
      st.enabledAt = r?.span ?? span;
    }
    if (r && st.rules.length < 5000) st.rules.splice(at ?? st.rules.length, 0, r);
  };
  for (const f of ruleFiles(host)) {
    if (f.firewall && isNftRuleset(f.text)) {
      st.tool = 'nftables';
      const before = st.rules.length;
      const got = nftInput(f, st);
      if (got.policy) policy(got.policy.value === 'allow' ? 'ACCEPT' : 'DROP', got.policy.span, got.policy.text);
      else if (st.rules.length > before) push(undefined, undefined, st.rules[before]?.span);
      if (got.policy || st.rules.length > before) st.present = true;
      continue;
    }
    if (!f.firewall || !/^[ \t]*\*filter(?:[ \t]|$)/m.test(f.text) || !/^:INPUT[ \t]+(ACCEPT|DROP)\b/m.test(f.text))
      continue;
    if (/ufw-(before|user)-input/.test(f.text)) continue; // ufw's own rules files: read above
    // iptables-restore loads a table at once (at its COMMIT): the policy and the rules take effect together
    const lines = f.text.split('\n');
    let table = '';
    let pol: { value: string; span: Span; text: string } | undefined;
    for (let i = 0; i < lines.length && st.rules.length < 5000; i++) {
      const line = lines[i].trim();
      // (`*nat :PREROUTING ACCEPT [0:0]` on one line: iptables-restore reads the table name and goes on)
      const t = /^\*(\w+)(?:[ \t]|$)/.exec(line);
      if (t) table = t[1];
      if (table !== 'filter') continue;
      const p = /^:INPUT[ \t]+(ACCEPT|DROP)\b/.exec(line);
      if (p) pol = { value: p[1], span: f.span(i + 1), text: `:INPUT ${p[1]}` };
      else if (/^-A[ \t]+INPUT[ \t]/.test(line)) {
        const words = line.split(/[ \t]+/).slice(2);
        replies(words, f.span(i + 1));
        push(iptablesSpec(words, f.span(i + 1), line), undefined, f.span(i + 1));
      }
    }
    if (pol) policy(pol.value, pol.span, pol.text);
  }
  for (const c of firewallCommands(host, 'iptables')) {
    const words = c.argv.slice(1).filter((w) => w !== '-w' && w !== '--wait');
    const text = ['iptables', ...c.argv.slice(1)].join(' ');
    if (words.includes('-t') && words[words.indexOf('-t') + 1] !== 'filter') continue;
    const k = words.findIndex((w) => /^(-[PAIF]|--(policy|append|insert|flush))$/.test(w));
    if (k < 0) continue;
    const verb = words[k];
    const chain = words[k + 1];
    if (/^-F$|^--flush$/.test(verb)) {
      if (chain === undefined || chain === 'INPUT') st.rules = st.rules.filter((r) => r.chain === 'before');
      continue;
    }
    if (chain !== 'INPUT') continue;
    if (/^-P$|^--policy$/.test(verb)) {
      if (words[k + 2] === 'ACCEPT' || words[k + 2] === 'DROP') policy(words[k + 2], c.span, text);
      continue;
    }
    const rest = [...words.slice(0, k), ...words.slice(k + 2)];
    replies(rest, c.span);
    if (/^-I$|^--insert$/.test(verb)) {
      const n = /^\d+$/.test(rest[k] ?? '') ? Number(rest.splice(k, 1)[0]) : 1;
      push(iptablesSpec(rest, c.span, text), Math.max(0, n - 1), c.span);
    } else push(iptablesSpec(rest, c.span, text), undefined, c.span);
    if (c.known.some((x) => !x)) st.unknown.push(c.span);
  }
}

/** ufw's own files: submitted, or written by a script (a line's span is where the script wrote it). */
function ruleFiles(
  host: HostModel,
): Array<{ name: string; text: string; span(line: number): Span; firewall: boolean }> {
  const out: Array<{ name: string; text: string; span(line: number): Span; firewall: boolean }> = [];
  const add = (
    path: string,
    target: string | undefined,
    src: { text: string; origin?: ReadonlyArray<{ file: string; line: number } | undefined> },
    firewall: boolean,
  ) =>
    out.push({
      name: (target ?? path).split('/').pop() ?? '',
      text: src.text,
      firewall,
      span: (line) => {
        const o = src.origin?.[line - 1];
        return o ? { file: o.file, line: o.line, column: 1 } : { file: path, line, column: 1 };
      },
    });
  for (const f of host.files) add(f.path, f.target, f.source, f.kind === 'firewall');
  for (const f of commandFiles(host)) for (const rf of reconstructed(f).files) add(f.path, rf.target, rf, true);
  return out;
}

/** The `*table` sections of an iptables-restore file (ufw's before.rules) and their REDIRECT rules. */
function tablesOf(f: { name: string; text: string; span(line: number): Span }, st: UfwState): void {
  const lines = f.text.split('\n');
  let table: UfwState['tables'][number] | undefined;
  for (let i = 0; i < lines.length && st.redirects.length < 1000 && st.tables.length < 100; i++) {
    const line = lines[i].trim();
    // (`*nat :PREROUTING ACCEPT [0:0]` on one line: iptables-restore reads the table name and goes on)
    const t = /^\*(\w+)(?:[ \t]|$)/.exec(line);
    if (t) {
      table = { name: t[1], span: f.span(i + 1), committed: false, file: f.name };
      st.tables.push(table);
    } else if (line === 'COMMIT') {
      if (table) table.committed = true;
      table = undefined;
    } else if (/^-[AI]\s/.test(line) && /\s-j\s+(REDIRECT|DNAT)\b/.test(line)) {
      const opt = (flag: string) => new RegExp(`(?:^|\\s)${flag}\\s+(\\S+)`).exec(line)?.[1];
      // DNAT to a port of this host (`--to-destination :80`, or the host's own address) redirects as REDIRECT
      // does; its address is kept for the check to compare
      let dnat: { address?: string; port: string } | undefined;
      if (/\s-j\s+DNAT\b/.test(line)) {
        const m = /^(\d{1,3}(?:\.\d{1,3}){3})?:(\d+)$/.exec(opt('--to-destination') ?? opt('--to') ?? '');
        if (!m) continue;
        dnat = { ...(m[1] ? { address: m[1] } : {}), port: m[2]! };
      }
      const chain = /^-[AI]\s+(\S+)/.exec(line)?.[1] ?? '';
      const r: NatRedirect = { table: table?.name ?? '', chain, text: line, span: f.span(i + 1) };
      const proto = opt('-p') ?? opt('--protocol');
      if (proto) r.proto = proto;
      const dport = opt('--dport') ?? opt('--destination-port');
      if (dport) r.dport = dport;
      const to = dnat ? dnat.port : (opt('--to-ports') ?? opt('--to-port'));
      if (to) r.toPort = to;
      if (dnat?.address) r.toAddress = dnat.address;
      st.redirects.push(r);
    }
  }
}

/** The ufw state a host ends up with. */
export function ufwState(host: HostModel): UfwState {
  const st: UfwState = {
    present: false,
    enabled: false,
    defaultIncoming: 'deny',
    rules: [],
    problems: [],
    unknown: [],
    redirects: [],
    tables: [],
    tool: 'ufw',
  };
  // ufw's own files come first: they are the state the commands then change
  for (const f of ruleFiles(host)) {
    if (f.name === 'ufw.conf') {
      const m = /^[ \t]*ENABLED[ \t]*=[ \t]*(yes|no)\b/im.exec(f.text);
      if (m) {
        st.present = true;
        st.enabled = m[1].toLowerCase() === 'yes';
        if (st.enabled) st.enabledAt = f.span(f.text.slice(0, m.index).split('\n').length);
      }
    } else if (
      (f.name === 'ufw' || f.firewall) &&
      /^[ \t]*DEFAULT_FORWARD_POLICY[ \t]*=[ \t]*"?ACCEPT"?/m.test(f.text)
    ) {
      const m = /^[ \t]*DEFAULT_FORWARD_POLICY[ \t]*=[ \t]*"?ACCEPT"?/m.exec(f.text)!;
      st.forwardPolicyAt = f.span(f.text.slice(0, m.index).split('\n').length);
    }
    if (/^before6?\.rules$/.test(f.name) || (f.firewall && /^[ \t]*\*(nat|filter)(?:[ \t]|$)/m.test(f.text)))
      tablesOf(f, st);
    if (/^(before|user)\.rules$/.test(f.name) || (f.firewall && /ufw-(before|user)-input/.test(f.text))) {
      const lines = f.text.split('\n');
      for (let i = 0; i < lines.length && st.rules.length < 5000; i++) {
        const r = iptablesLine(lines[i], f.span(i + 1));
        if (r) {
          st.present = true;
          st.rules.push(r);
        }
      }
    }
  }
  const BEFORE = st.rules.filter((r) => r.chain === 'before');
  let user = st.rules.filter((r) => r.chain === 'user');
  for (const c of commandsOf(host)) {
    st.present = true;
    if (c.known.some((k) => !k)) st.unknown.push(c.span);
    let words = c.argv.slice(1).filter((w) => w !== '--force' && w !== '-f');
    const dry = words.includes('--dry-run');
    words = words.filter((w) => w !== '--dry-run');
    if (dry) continue;
    const text = ['ufw', ...c.argv.slice(1)].join(' ');
    // a Windows (CRLF) line: bash passes the \r on with the last word (`enable\r`), and ufw refuses the command
    if (words.at(-1)?.endsWith('\r')) {
      st.problems.push({
        span: c.span,
        text: text.replace(/\r/g, ''),
        message: `${/^(allow|deny|reject|limit|insert|prepend)$/.test(words[0] ?? '') && /\d\r$/.test(words.at(-1)!) ? 'ERROR: Bad port' : 'ERROR: Invalid syntax'}: the line ends with a carriage return (the file has Windows line endings, CRLF), which bash passes on to ufw; convert the file (\`dos2unix\`)`,
      });
      continue;
    }
    const [verb, ...rest] = words;
    if (verb === 'enable') {
      if (rest.length) st.problems.push({ span: c.span, text, message: 'ERROR: Invalid syntax' });
      else {
        st.enabled = true;
        st.enabledAt = c.span;
        if (!st.rulesAtEnable) {
          st.rulesAtEnable = [...BEFORE, ...user];
          st.firstEnabledAt = c.span;
        }
      }
    } else if (verb === 'disable') st.enabled = false;
    else if (verb === 'reset') {
      user = [];
      st.enabled = false;
      st.defaultIncoming = 'deny';
    } else if (verb === 'default') {
      const pol = rest[0];
      const dir = rest[1] ?? 'incoming';
      if ((pol === 'allow' || pol === 'deny' || pol === 'reject') && (dir === 'incoming' || dir === 'in')) {
        st.defaultIncoming = pol;
        st.defaultAt = c.span;
        st.defaultText = text;
      } else if (!['outgoing', 'out', 'routed'].includes(dir) || !['allow', 'deny', 'reject'].includes(pol ?? ''))
        st.problems.push({ span: c.span, text, message: 'ERROR: Invalid syntax' });
    } else if (verb === 'allow' || verb === 'deny' || verb === 'reject' || verb === 'limit') {
      const r = parseRuleWords(verb, rest, c.span, text);
      if (typeof r === 'string') st.problems.push({ span: c.span, text, message: r });
      else if (user.length < 5000) user.push(c.known.every(Boolean) ? r : { ...r, runtime: true });
    } else if (verb === 'insert' || verb === 'prepend') {
      const at = verb === 'prepend' ? 0 : Number(rest[0]) - 1;
      const ruleWords = verb === 'prepend' ? rest : rest.slice(1);
      const action = ruleWords[0] as UfwAction;
      const r = ['allow', 'deny', 'reject', 'limit'].includes(action)
        ? parseRuleWords(action, ruleWords.slice(1), c.span, text)
        : 'ERROR: Invalid syntax';
      if (typeof r === 'string' || !Number.isInteger(at) || at < 0)
        st.problems.push({ span: c.span, text, message: typeof r === 'string' ? r : 'ERROR: Invalid position' });
      else if (at > user.length)
        st.problems.push({ span: c.span, text, message: `ERROR: Invalid position '${at + 1}'` });
      else user.splice(at, 0, r);
    } else if (verb === 'delete') {
      if (/^\d+$/.test(rest[0] ?? '')) user.splice(Number(rest[0]) - 1, 1);
      else if (['allow', 'deny', 'reject', 'limit'].includes(rest[0] ?? '')) {
        const r = parseRuleWords(rest[0] as UfwAction, rest.slice(1), c.span, text);
        if (typeof r !== 'string') {
          const same = (a: UfwRule) =>
            JSON.stringify([a.action, a.direction, a.proto, a.from, a.fromPort, a.to, a.toPort, a.app]) ===
            JSON.stringify([r.action, r.direction, r.proto, r.from, r.fromPort, r.to, r.toPort, r.app]);
          const k = user.findIndex(same);
          if (k >= 0) user.splice(k, 1);
        }
      }
    }
  }
  st.rules = [...BEFORE, ...user];
  // no ufw at all: a plain iptables firewall (a dump, or iptables commands) is the host's firewall
  if (!st.present) iptablesInput(host, st);
  return st;
}

/** What ufw does with an incoming packet: the first rule that matches decides, else the default policy. */
export function decide(st: UfwState, p: Packet): Decision {
  if (!st.enabled) return { verdict: 'allow' };
  for (const r of st.rules) {
    if (r.direction !== 'in') continue;
    if (r.proto !== undefined && protoId(r.proto) !== protoId(p.proto)) continue;
    // ports and application profiles are tcp/udp only
    if (
      (r.toPort !== undefined || r.fromPort !== undefined || r.app !== undefined) &&
      !['tcp', 'udp'].includes(p.proto)
    )
      continue;
    if (r.toPort !== undefined && p.dport !== undefined && !portIn(r.toPort, p.dport)) continue;
    if (r.fromPort !== undefined && p.sport !== undefined && !portIn(r.fromPort, p.sport)) continue;
    if (r.app !== undefined) {
      // a profile's ports; an unknown profile matches nothing (ufw refuses it: "Could not find a profile")
      const app = APP_PORTS[r.app.toLowerCase()];
      if (!app || app.proto !== p.proto || p.dport === undefined || !portIn(app.ports, p.dport)) continue;
    }
    // an address only known at run time may be the packet's: assumed, and said so
    const at = (addr: string | undefined, ip: string | undefined) =>
      r.runtime && addr !== undefined && !/^[\d./]+$/.test(addr) ? undefined : holds(addr, ip);
    const to = at(r.to, p.dst);
    if (to === false) continue;
    const from =
      r.from !== undefined && r.from.includes(',')
        ? r.from.split(',').some((a) => at(a, p.src) === true)
          ? true
          : r.from.split(',').some((a) => at(a, p.src) === undefined)
            ? undefined
            : false
        : at(r.from, p.src);
    if (from === false) continue;
    return {
      verdict: r.action === 'allow' || r.action === 'limit' ? 'allow' : 'deny',
      rule: r,
      ...(from === undefined || to === undefined ? { assumed: true } : {}),
    };
  }
  return { verdict: st.defaultIncoming === 'allow' ? 'allow' : 'deny' };
}

function portIn(spec: string, port: number): boolean {
  return spec.split(',').some((part) => {
    const [a, b] = part.split(':').map(Number);
    return b === undefined ? a === port : port >= a && port <= b;
  });
}
