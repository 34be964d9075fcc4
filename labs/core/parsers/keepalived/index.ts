/**
 * keepalived.conf parser (keepalived.conf(5), Debian 12's keepalived 2.2.7): lines of words, `{`/`}` blocks
 * (the brace on the keyword's line or the next one), `#` and `!` comments anywhere outside quotes, quoted
 * strings (`"` or `'`, quotes removed, whitespace kept). `include` lines are recorded, never read.
 *
 * Then the blocks the lab judges are read into a typed model (types.ts): global_defs, vrrp_script,
 * vrrp_track_process and vrrp_instance; every other statement is kept as written in `statements`.
 * Diagnostics follow what `keepalived -t` reports (research/labs-2-3.md §1.4), and are lenient where
 * keepalived is (an unknown top-level keyword is a note).
 *
 * Untrusted input: never throws (a bug becomes one `keepalived/internal` diagnostic), one pass over the
 * text (linear), at most MAX_STATEMENTS statements and MAX_DEPTH nested blocks, at most
 * MAX_SAME_DIAGNOSTICS diagnostics of one code per file (then one summary).
 */
import { type Diagnostic, type SourceFile, type Span, diagnostic, spanAt } from '../../source';
import { diag, fragment, hint } from './codes';
import type {
  KaGlobalDefs,
  KaStatement,
  KaTrackProcess,
  KaTrackRef,
  KaVip,
  KaVrrpInstance,
  KaVrrpScript,
  KeepalivedConf,
} from './types';

export type * from './types';
export { KEEPALIVED_MESSAGES, KEEPALIVED_HINTS } from './codes';

export const MAX_STATEMENTS = 50_000;
export const MAX_DEPTH = 16;
export const MAX_SAME_DIAGNOSTICS = 200;
/** Words kept per statement (a longer line keeps its first words; its span still covers the line). */
const MAX_WORDS = 1_000;

interface Word {
  text: string;
  quoted: boolean;
  span: Span;
}

/** What a statement is while it is read: its words and, for a block, its children. */
interface Raw {
  words: Word[];
  span: Span;
  children?: Raw[];
  /** The block's `{` (for unclosed-block reports). */
  open?: Span;
}

class Diags {
  readonly items: Diagnostic[] = [];
  private readonly counts = new Map<string, { n: number; first: Diagnostic }>();
  push(d: Diagnostic): void {
    const c = this.counts.get(d.code);
    if (!c) this.counts.set(d.code, { n: 1, first: d });
    else if (++c.n > MAX_SAME_DIAGNOSTICS) return;
    this.items.push(d);
  }
  done(): Diagnostic[] {
    const out = [...this.items];
    for (const { n, first } of this.counts.values())
      if (n > MAX_SAME_DIAGNOSTICS)
        out.push(
          diagnostic(
            first.code,
            first.severity,
            fragment('moreLikeThis', {
              count: n - MAX_SAME_DIAGNOSTICS,
              file: first.span.file,
              max: MAX_SAME_DIAGNOSTICS,
            }),
            first.span,
          ),
        );
    return out;
  }
}

/** Characters that end a plain run of a word (whitespace, braces, comments, quotes); others are 0. */
const WORD_END = new Uint8Array(128);
for (const c of ' \t\f\v\r{}#!"\'') WORD_END[c.charCodeAt(0)] = 1;

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Reads the statements of the whole text (one pass), with the brace structure. */
function readStatements(file: string, text: string, diags: Diags): Raw[] {
  const top: Raw[] = [];
  const stack: Raw[] = [];
  let skipDepth = 0; // blocks open beyond MAX_DEPTH (their content is not kept)
  let count = 0;
  let stopped = false;
  const container = () => (stack.length ? stack[stack.length - 1].children! : top);
  let line = 0;
  let pos = 0;
  while (pos <= text.length && !stopped) {
    line++;
    const lineStart = pos;
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    pos = nl + 1;
    let end = nl;
    if (end > lineStart && text.charCodeAt(end - 1) === 13) end--;
    const sp = (a: number, b: number) => spanAt(file, a, b, line, lineStart, line, lineStart);
    // the statement being read on this line
    let cur: Raw | undefined;
    const finish = () => {
      if (!cur) return;
      if (skipDepth === 0) {
        if (++count > MAX_STATEMENTS) {
          diags.push(diag('keepalived/too-many-statements', 'error', cur.span, { max: MAX_STATEMENTS, file }));
          stopped = true;
        } else container().push(cur);
      }
      cur = undefined;
    };
    const open = (at: Span) => {
      if (skipDepth > 0) {
        skipDepth++;
        cur = undefined;
        return;
      }
      let owner = cur;
      if (!owner) {
        // a `{` at the start of a line opens the block of the statement on the line before
        const c = container();
        const prev = c[c.length - 1];
        if (prev && !prev.children && prev.span.line < line) owner = prev;
        else {
          diags.push(diag('keepalived/stray-open-brace', 'warning', at, null));
          owner = { words: [], span: at };
          c.push(owner);
        }
      } else finish();
      if (stopped) return;
      if (stack.length >= MAX_DEPTH) {
        diags.push(diag('keepalived/too-deep', 'error', at, { max: MAX_DEPTH }));
        skipDepth = 1;
        return;
      }
      owner.children = [];
      owner.open = at;
      stack.push(owner);
    };
    const close = (at: Span) => {
      finish();
      if (skipDepth > 0) {
        skipDepth--;
        return;
      }
      if (!stack.length)
        diags.push(
          diag('keepalived/extra-close-brace', 'error', at, null, { hint: hint('keepalived/extra-close-brace') }),
        );
      else stack.pop();
    };
    let i = lineStart;
    while (i < end && !stopped) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\r') {
        i++;
        continue;
      }
      if (c === '#' || c === '!') break;
      if (c === '{') {
        open(sp(i, i + 1));
        i++;
        continue;
      }
      if (c === '}') {
        close(sp(i, i + 1));
        i++;
        continue;
      }
      // a word: runs of plain characters and quoted parts, up to whitespace, a brace or a comment
      const start = i;
      let value = '';
      let quoted = false;
      while (i < end) {
        const ch = text[i];
        if (ch === '"' || ch === "'") {
          quoted = true;
          let j = i + 1;
          let run = j; // start of the current run of plain characters inside the quotes
          let closed = false;
          while (j < end) {
            const q = text.charCodeAt(j);
            if (q === 92 /* \\ */ && j + 1 < end) {
              const e = text[j + 1];
              value += text.slice(run, j) + (ESCAPES[e] ?? e);
              j += 2;
              run = j;
              continue;
            }
            if (q === ch.charCodeAt(0)) {
              closed = true;
              break;
            }
            j++;
          }
          value += text.slice(run, j);
          if (!closed)
            diags.push(
              diag(
                'keepalived/unterminated-quote',
                'error',
                sp(i, end),
                { text: text.slice(i, Math.min(end, i + 40)) },
                { hint: hint('keepalived/unterminated-quote') },
              ),
            );
          i = closed ? j + 1 : end;
          continue;
        }
        // a run of plain characters, up to whitespace, a brace, a comment or a quote
        let k = i;
        while (k < end && !WORD_END[text.charCodeAt(k)]) k++;
        if (k === i) break;
        value += text.slice(i, k);
        i = k;
      }
      const w: Word = { text: value, quoted, span: sp(start, i) };
      if (!cur) cur = { words: [w], span: sp(start, i) };
      else {
        if (cur.words.length < MAX_WORDS) cur.words.push(w);
        cur.span = { ...cur.span, endColumn: w.span.endColumn, endOffset: w.span.endOffset };
      }
    }
    finish();
  }
  if (!stopped && (stack.length || skipDepth)) {
    const count = stack.length + skipDepth;
    for (const b of stack) {
      const keyword = b.words[0]?.text ?? '{';
      diags.push(
        diag(
          'keepalived/unclosed-block',
          'error',
          b.span,
          { keyword, count },
          {
            hint: hint('keepalived/unclosed-block'),
            related: b.open ? [{ span: b.open, message: fragment('opened') }] : undefined,
          },
        ),
      );
    }
  }
  return top;
}

function toStatement(r: Raw): KaStatement {
  const s: KaStatement = { keyword: r.words[0]?.text ?? '', args: r.words.slice(1).map((w) => w.text), span: r.span };
  if (r.children) s.children = r.children.map(toStatement);
  return s;
}

/** Keywords of a vrrp_instance in keepalived.conf(5) for 2.2.7 (an other one is reported). */
const INSTANCE_KEYWORDS = new Set(
  (
    'accept advert_int auth_pass auth_type authentication check_unicast_src debug dont_track_primary ' +
    'down_timer_adverts garp_extra_if garp_lower_prio_delay garp_lower_prio_repeat garp_master_delay ' +
    'garp_master_refresh garp_master_refresh_repeat garp_master_repeat higher_prio_send_advert interface ' +
    'kernel_rx_buf_size linkbeat_use_polling lower_prio_no_advert mcast_dst_ip mcast_src_ip native_ipv6 no_accept ' +
    'nopreempt notify notify_backup notify_fault notify_master notify_master_rx_lower_pri notify_priority_changes ' +
    'notify_stop notify_deleted old_unicast_checksum preempt preempt_delay priority promote_secondaries ' +
    'skip_check_adv_addr smtp_alert state strict_mode track_bfd track_file track_interface track_process ' +
    'track_script track_src_ip unicast_fault_no_peer unicast_peer unicast_src_ip unicast_ttl use_ipvlan use_vmac ' +
    'use_vmac_addr version virtual_ipaddress virtual_ipaddress_excluded virtual_router_id virtual_routes ' +
    'virtual_rules vmac_xmit_base vrf lvs_sync_daemon_interface'
  ).split(' '),
);
const SCRIPT_KEYWORDS = new Set(['script', 'interval', 'timeout', 'weight', 'rise', 'fall', 'user', 'init_fail']);
const PROCESS_KEYWORDS = new Set([
  'process',
  'param_match',
  'weight',
  'quorum',
  'quorum_max',
  'delay',
  'terminate_delay',
  'fork_delay',
  'full_command',
]);
/** Top-level blocks and keywords keepalived knows (others are a note: keepalived ignores them). */
const TOP_KEYWORDS = new Set(
  (
    'global_defs vrrp_script vrrp_track_process vrrp_track_file track_file vrrp_instance vrrp_sync_group ' +
    'virtual_server virtual_server_group static_ipaddress static_routes static_rules linkbeat_interfaces ' +
    'bfd_instance garp_group net_namespace net_namespace_ipvs instance use_pid_dir namespace_with_ipsets ' +
    'include includer includem includew includeb includea include_check'
  ).split(' '),
);
const INCLUDES = new Set(['include', 'includer', 'includem', 'includew', 'includeb', 'includea']);

/** An integer as keepalived reads one (decimal), else undefined. */
function int(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?\d{1,9}$/.test(s)) return undefined;
  return Number(s);
}
function num(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?(\d{1,9}(\.\d{0,9})?|\.\d{1,9})$/.test(s)) return undefined;
  return Number(s);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-f:.]{2,45}$/i;
export function isIpAddress(s: string): boolean {
  return IPV4.test(s) || (s.includes(':') && IPV6.test(s) && (s.match(/::/g) ?? []).length <= 1);
}

class Reader {
  readonly conf: KeepalivedConf;
  includes: Array<{ keyword: string; path: string; span: Span }> = [];
  constructor(
    readonly file: string,
    readonly diags: Diags,
  ) {
    this.conf = {
      file,
      globalDefs: { enableScriptSecurity: false },
      scripts: [],
      trackProcesses: [],
      instances: [],
      statements: [],
    };
  }

  /** A number argument, with an out-of-range/not-a-number report. */
  number(
    r: Raw,
    lo: number,
    hi: number,
    variant: 'vrid' | 'priority' | 'weight' | 'number',
    integer = true,
  ): number | undefined {
    const w = r.words[1];
    const v = integer ? int(w?.text) : num(w?.text);
    const at = w?.span ?? r.span;
    if (v === undefined) {
      this.diags.push(
        diag('keepalived/out-of-range#number', 'error', at, { keyword: r.words[0].text, value: w?.text ?? '' }),
      );
      return undefined;
    }
    if (v < lo || v > hi) {
      if (variant === 'number')
        this.diags.push(
          diag('keepalived/out-of-range#number', 'error', at, { keyword: r.words[0].text, value: w!.text }),
        );
      else if (variant === 'vrid')
        this.diags.push(diag('keepalived/out-of-range#vrid', 'error', at, { value: w!.text }));
      else if (variant === 'priority')
        this.diags.push(diag('keepalived/out-of-range#priority', 'error', at, { value: w!.text }));
      else this.diags.push(diag('keepalived/out-of-range#weight', 'warning', at, { value: w!.text }));
      return undefined;
    }
    return v;
  }

  unknown(r: Raw, where: { instance?: string; block?: string }): void {
    const keyword = r.words[0]?.text ?? '';
    if (!keyword || keyword.startsWith('@') || keyword.startsWith('$') || keyword.startsWith('~')) return;
    if (where.instance !== undefined)
      this.diags.push(
        diag(
          'keepalived/unknown-keyword#instance',
          'warning',
          r.words[0].span,
          { keyword, name: where.instance },
          { hint: hint('keepalived/unknown-keyword') },
        ),
      );
    else
      this.diags.push(
        diag(
          'keepalived/unknown-keyword#block',
          'warning',
          r.words[0].span,
          { keyword, block: where.block ?? '' },
          { hint: hint('keepalived/unknown-keyword') },
        ),
      );
  }

  name(r: Raw): string | undefined {
    const n = r.words[1]?.text;
    if (!n) this.diags.push(diag('keepalived/missing-name', 'error', r.span, { keyword: r.words[0]?.text ?? '' }));
    return n;
  }

  top(list: Raw[]): void {
    for (const r of list) {
      this.conf.statements.push(toStatement(r));
      const kw = r.words[0]?.text ?? '';
      if (INCLUDES.has(kw)) {
        const path = r.words
          .slice(1)
          .map((w) => w.text)
          .join(' ');
        this.includes.push({ keyword: kw, path, span: r.span });
        this.diags.push(
          diag(
            'keepalived/include-not-read',
            'info',
            r.span,
            { keyword: kw, path },
            { hint: hint('keepalived/include-not-read') },
          ),
        );
        continue;
      }
      if (kw === 'global_defs' && r.children) this.globalDefs(r);
      else if (kw === 'vrrp_script' && r.children) this.script(r);
      else if (kw === 'vrrp_track_process' && r.children) this.trackProcess(r);
      else if (kw === 'vrrp_instance' && r.children) this.instance(r);
      else if (kw && !TOP_KEYWORDS.has(kw) && !/^[@$~]/.test(kw))
        this.diags.push(
          diag(
            'keepalived/unknown-keyword#top',
            'info',
            r.words[0].span,
            { keyword: kw },
            { hint: hint('keepalived/unknown-keyword') },
          ),
        );
    }
  }

  globalDefs(r: Raw): void {
    const g: KaGlobalDefs = this.conf.globalDefs;
    g.span ??= r.span;
    for (const c of r.children!) {
      const kw = c.words[0]?.text;
      if (kw === 'enable_script_security') {
        g.enableScriptSecurity = true;
        g.enableScriptSecuritySpan = c.span;
      } else if (kw === 'script_user' && c.words[1]) {
        g.scriptUser = c.words[1].text;
        g.scriptUserSpan = c.span;
      } else if (kw === 'router_id' && c.words[1]) g.routerId = c.words[1].text;
    }
  }

  script(r: Raw): void {
    const name = this.name(r);
    if (name === undefined) return;
    const s: KaVrrpScript = { name, span: r.span };
    for (const c of r.children!) {
      const kw = c.words[0]?.text ?? '';
      switch (kw) {
        case 'script':
          s.script = c.words
            .slice(1)
            .map((w) => w.text)
            .join(' ');
          s.scriptSpan = c.span;
          break;
        case 'interval':
          s.interval = this.number(c, 0, 1e9, 'number', false);
          break;
        case 'timeout':
          s.timeout = this.number(c, 0, 1e9, 'number', false);
          break;
        case 'weight':
          s.weight = this.number(c, -253, 253, 'weight');
          s.weightSpan = c.span;
          if (c.words[2]?.text === 'reverse') s.weightReverse = true;
          break;
        case 'rise':
          s.rise = this.number(c, 1, 1e9, 'number');
          break;
        case 'fall':
          s.fall = this.number(c, 1, 1e9, 'number');
          break;
        case 'user':
          s.user = c.words[1]?.text;
          break;
        default:
          if (!SCRIPT_KEYWORDS.has(kw)) this.unknown(c, { block: `vrrp_script ${name}` });
      }
    }
    const dup = this.conf.scripts.find((x) => x.name === name);
    if (dup)
      this.diags.push(
        diag(
          'keepalived/duplicate',
          'warning',
          r.span,
          { what: 'vrrp_script', name },
          { related: [{ span: dup.span, message: fragment('first') }] },
        ),
      );
    this.conf.scripts.push(s);
  }

  trackProcess(r: Raw): void {
    const name = this.name(r);
    if (name === undefined) return;
    const p: KaTrackProcess = { name, span: r.span };
    for (const c of r.children!) {
      const kw = c.words[0]?.text ?? '';
      if (kw === 'process') {
        p.process = c.words[1]?.text;
        p.processSpan = c.span;
      } else if (kw === 'weight') {
        p.weight = this.number(c, -253, 253, 'weight');
        p.weightSpan = c.span;
        if (c.words[2]?.text === 'reverse') p.weightReverse = true;
      } else if (kw === 'delay') p.delay = this.number(c, 0, 1e9, 'number', false);
      else if (!PROCESS_KEYWORDS.has(kw)) this.unknown(c, { block: `vrrp_track_process ${name}` });
    }
    const dup = this.conf.trackProcesses.find((x) => x.name === name);
    if (dup)
      this.diags.push(
        diag(
          'keepalived/duplicate',
          'warning',
          r.span,
          { what: 'vrrp_track_process', name },
          { related: [{ span: dup.span, message: fragment('first') }] },
        ),
      );
    this.conf.trackProcesses.push(p);
  }

  /** `name [weight W]` lines of a track_* block. */
  refs(c: Raw): KaTrackRef[] {
    const out: KaTrackRef[] = [];
    for (const x of c.children ?? []) {
      const w = x.words[0];
      if (!w) continue;
      const ref: KaTrackRef = { name: w.text, span: w.span };
      const wi = x.words.findIndex((y) => y.text === 'weight');
      if (wi > 0) {
        const v = int(x.words[wi + 1]?.text);
        if (v === undefined || v < -253 || v > 253)
          this.diags.push(
            diag('keepalived/out-of-range#weight', 'warning', x.words[wi + 1]?.span ?? x.span, {
              value: x.words[wi + 1]?.text ?? '',
            }),
          );
        else ref.weight = v;
        ref.weightSpan = x.span;
      }
      out.push(ref);
    }
    return out;
  }

  instance(r: Raw): void {
    const name = this.name(r);
    if (name === undefined) return;
    const inst: KaVrrpInstance = {
      name,
      span: r.span,
      vips: [],
      unicastPeers: [],
      trackScripts: [],
      trackProcesses: [],
      trackInterfaces: [],
      nopreempt: false,
    };
    for (const c of r.children!) {
      const kw = c.words[0]?.text ?? '';
      const arg = c.words[1];
      switch (kw) {
        case 'state': {
          if (!arg) break;
          inst.state = arg.text.toUpperCase();
          inst.stateSpan = arg.span;
          if (inst.state !== 'MASTER' && inst.state !== 'BACKUP')
            this.diags.push(
              diag(
                'keepalived/unknown-state',
                'error',
                arg.span,
                { state: arg.text },
                { hint: hint('keepalived/unknown-state') },
              ),
            );
          break;
        }
        case 'interface':
          if (arg) {
            inst.interface = arg.text;
            inst.interfaceSpan = arg.span;
          }
          break;
        case 'virtual_router_id':
          inst.virtualRouterId = this.number(c, 1, 255, 'vrid');
          inst.virtualRouterIdSpan = arg?.span ?? c.span;
          break;
        case 'priority':
          inst.priority = this.number(c, 1, 255, 'priority');
          inst.prioritySpan = arg?.span ?? c.span;
          break;
        case 'advert_int':
          inst.advertInt = this.number(c, 0, 255, 'number', false);
          break;
        case 'authentication':
          for (const a of c.children ?? []) {
            const akw = a.words[0]?.text;
            const v = a.words[1];
            if (akw === 'auth_type' && v) {
              inst.authType = v.text.toUpperCase();
              inst.authTypeSpan = v.span;
              if (inst.authType !== 'PASS' && inst.authType !== 'AH')
                this.diags.push(
                  diag(
                    'keepalived/auth-type',
                    'error',
                    v.span,
                    { type: v.text },
                    { hint: hint('keepalived/auth-type') },
                  ),
                );
            } else if (akw === 'auth_pass' && v) {
              inst.authPass = v.text;
              inst.authPassSpan = v.span;
              if ([...v.text].length > 8)
                this.diags.push(
                  diag(
                    'keepalived/auth-pass-long',
                    'error',
                    v.span,
                    { length: [...v.text].length, used: [...v.text].slice(0, 8).join('') },
                    { hint: hint('keepalived/auth-pass-long') },
                  ),
                );
            } else if (akw) this.unknown(a, { block: `authentication of ${name}` });
          }
          break;
        case 'virtual_ipaddress':
          inst.vipBlockSpan = c.span;
          for (const v of c.children ?? []) {
            const vip = this.vip(v);
            if (vip) inst.vips.push(vip);
          }
          break;
        case 'unicast_src_ip':
          if (arg) {
            inst.unicastSrcIp = arg.text;
            inst.unicastSrcIpSpan = arg.span;
          }
          break;
        case 'unicast_peer':
          for (const p of c.children ?? [])
            if (p.words[0]) inst.unicastPeers.push({ address: p.words[0].text, span: p.words[0].span });
          inst.unicastPeerSpan = c.span;
          break;
        case 'track_script':
          inst.trackScripts.push(...this.refs(c));
          inst.trackScriptSpan ??= c.span;
          break;
        case 'track_process':
          inst.trackProcesses.push(...this.refs(c));
          inst.trackProcessSpan ??= c.span;
          break;
        case 'track_interface':
          for (const t of this.refs(c)) inst.trackInterfaces.push({ name: t.name, weight: t.weight, span: t.span });
          break;
        case 'nopreempt':
          inst.nopreempt = true;
          inst.nopreemptSpan = c.span;
          break;
        case 'preempt_delay':
          inst.preemptDelay = this.number(c, 0, 1000, 'number', false);
          break;
        default:
          if (!INSTANCE_KEYWORDS.has(kw)) this.unknown(c, { instance: name });
      }
    }
    if (inst.vipBlockSpan && inst.vips.length === 0)
      this.diags.push(
        diag('keepalived/no-vips', 'error', inst.vipBlockSpan, null, { hint: hint('keepalived/no-vips') }),
      );
    if (inst.virtualRouterId === undefined && !r.children!.some((c) => c.words[0]?.text === 'virtual_router_id'))
      this.diags.push(diag('keepalived/no-vrid', 'error', r.span, { name }, { hint: hint('keepalived/no-vrid') }));
    if (inst.interface === undefined)
      this.diags.push(
        diag('keepalived/no-interface', 'error', r.span, { name }, { hint: hint('keepalived/no-interface') }),
      );
    if (inst.nopreempt && inst.state === 'MASTER')
      this.diags.push(
        diag('keepalived/nopreempt-master', 'warning', inst.nopreemptSpan ?? r.span, null, {
          hint: hint('keepalived/nopreempt-master'),
        }),
      );
    const dup = this.conf.instances.find((x) => x.name === name);
    if (dup)
      this.diags.push(
        diag(
          'keepalived/duplicate',
          'warning',
          r.span,
          { what: 'vrrp_instance', name },
          { related: [{ span: dup.span, message: fragment('first') }] },
        ),
      );
    this.conf.instances.push(inst);
  }

  /** `addr[/prefix] [dev X] [label L] [brd B] [scope S] ...`. */
  vip(v: Raw): KaVip | undefined {
    const w = v.words[0];
    if (!w) return undefined;
    const slash = w.text.indexOf('/');
    const address = slash < 0 ? w.text : w.text.slice(0, slash);
    const prefixText = slash < 0 ? undefined : w.text.slice(slash + 1);
    const prefix = int(prefixText);
    const max = address.includes(':') ? 128 : 32;
    if (!isIpAddress(address) || (prefixText !== undefined && (prefix === undefined || prefix < 0 || prefix > max))) {
      this.diags.push(diag('keepalived/bad-vip', 'error', w.span, { address: w.text }));
      return undefined;
    }
    const vip: KaVip = { address, extra: [], span: w.span };
    if (prefix !== undefined) vip.prefix = prefix;
    const rest = v.words.slice(1);
    for (let i = 0; i < rest.length; i++) {
      if (rest[i].text === 'dev' && rest[i + 1]) {
        vip.dev = rest[i + 1].text;
        i++;
      } else vip.extra.push(rest[i].text);
    }
    return vip;
  }
}

/** Parses one keepalived.conf. Never throws; bounded work (see the file comment). */
export function parseKeepalived(source: SourceFile): { ast: KeepalivedConf; diagnostics: Diagnostic[] } {
  const diags = new Diags();
  const reader = new Reader(source.path, diags);
  try {
    const text = source.text.charCodeAt(0) === 0xfeff ? ' ' + source.text.slice(1) : source.text;
    reader.top(readStatements(source.path, text, diags));
    if (reader.includes.length) reader.conf.includes = reader.includes;
  } catch (err) {
    diags.push(
      diag(
        'keepalived/internal',
        'error',
        { file: source.path, line: 1, column: 1 },
        { error: (err as Error)?.message ?? String(err) },
      ),
    );
  }
  return { ast: reader.conf, diagnostics: diags.done() };
}
