/**
 * Real-tool runs on the reconstructed configs: `haproxy -c -f` for the load balancer and
 * `nginx -t` for each web server, all at once, each in its own temp dir (always removed), with a
 * timeout. Their messages are mapped back to the learner's file and line and handed to the engine
 * as `external` findings of haproxy/valid-config and nginx/valid-config.
 *
 * The configs are rewritten line for line (never adding or removing a line, so line numbers stay
 * the learner's) so that the tools can run in a sandbox without touching the machine or the
 * network: certificates become a throwaway self-signed one, host names become the inventory's
 * addresses (never a DNS lookup), listen addresses become 127.0.0.1 with a free port, log, pid
 * and temp paths go to the temp dir. Each rewrite is reported as a note.
 */
import { execFile } from 'node:child_process';
import {
  accessSync,
  constants,
  lstatSync,
  mkdtempSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { projectRoot } from './paths';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, posix } from 'node:path';
import { handOver, sandboxCommand, toolSandbox, writeSandboxEtc, type ToolSandbox } from './toolsandbox';
import type { ExternalFinding } from '../core/checks/context';
import type { HostModel, Model, ModelFile } from '../core/model/types';
import type { Span } from '../core/source';
import { SERVER_KEYWORDS } from '../core/model/haproxy';
import { STOCK_RELATIVE_INCLUDES } from '../core/parsers/nginx/parser';
import { globToRegExp, scriptPrefix } from '../core/vfs';
import { shared } from '../core/registry';
import { keepalivedCheck } from './tools/keepalived';
import { promtoolCheck, promtoolConfigCheck } from './tools/promtool';
import { HOST_NAME_SYMBOL } from '../core/parsers/shell/symbols';

/**
 * A name a resolver could look up (RFC 1123 labels). Anything else (`-web-01`, what an unset shell
 * variable leaves of `$ID-web-01`) is left as written: HAProxy then fails to resolve it, as it would on the
 * learner's machine, instead of being handed 127.0.0.1.
 */
export function validHostName(name: string): boolean {
  return name.length <= 253 && name.split('.').every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(l));
}

export const TOOL_TIMEOUT_MS = 15_000;

/** The first executable named `name` on PATH (plus the sbin folders, where Debian puts both tools). */
export function findTool(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const d of dirs) {
    if (!d) continue;
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export interface ToolRun {
  stdout: string;
  stderr: string;
  code: number | null;
  timedOut: boolean;
  error?: string;
}

/** Where a tool runs: bwrap's view of the file system (see toolsandbox.ts). */
export interface ToolJail {
  sandbox: ToolSandbox;
  /** The run folder (writable; holds `etc/` with the synthetic passwd, group, hosts). */
  dir: string;
  /** Folders readable besides the distribution's (the throwaway certificate). */
  ro: string[];
  /** Network interfaces to create in the sandbox first (see sandboxCommand). */
  links?: string[];
  setpriv?: string;
}

export function runTool(
  cmd: string,
  args: string[],
  signal?: AbortSignal,
  timeout = TOOL_TIMEOUT_MS,
  jail?: ToolJail,
): Promise<ToolRun> {
  let file = cmd;
  let argv = args;
  const extra: { uid?: number; gid?: number } = {};
  if (jail) {
    const c = sandboxCommand(
      jail.sandbox,
      {
        rw: [jail.dir],
        ro: jail.ro,
        etcDir: join(jail.dir, 'etc'),
        cwd: jail.dir,
        ...(jail.links ? { links: jail.links, setpriv: jail.setpriv } : {}),
      },
      [cmd, ...args],
    );
    file = c.file;
    argv = c.args;
    if (c.uid !== undefined) Object.assign(extra, { uid: c.uid, gid: c.gid });
  }
  return new Promise((resolve) => {
    execFile(
      file,
      argv,
      {
        timeout,
        signal,
        killSignal: 'SIGKILL',
        maxBuffer: 4 * 1024 * 1024,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' },
        ...extra,
      },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
        resolve({
          stdout: String(stdout),
          stderr: String(stderr),
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          timedOut: !!e?.killed && !signal?.aborted,
          error: e && typeof e.code === 'string' ? e.code : signal?.aborted ? 'aborted' : undefined,
        });
      },
    );
  });
}

/**
 * The port a `listen` runs on under `nginx -t`: the same for the same address (so two servers sharing a
 * socket still share it, and a duplicate default_server is still caught), unprivileged (a learner is
 * not root), never bound for real: in test mode nginx ignores "address already in use" (it checks that
 * it could bind, not that the port is free), so no free port has to be found first.
 */
function testPort(ports: Map<string, number>, arg: string): number {
  const m = /^(?:(.*):)?(\d+)$/.exec(arg.split(/\s/)[0]);
  const key = m ? `${m[1] === undefined || m[1] === '*' || m[1] === '0.0.0.0' ? '*' : m[1]}:${m[2]}` : arg;
  let port = ports.get(key);
  if (port === undefined) ports.set(key, (port = TEST_PORT_BASE + ports.size));
  return port;
}
const TEST_PORT_BASE = 40_080;

/** Appended to the configuration `haproxy -c` reads (see haproxyCheck). */
export const HTTPCLIENT_OFF =
  '\n\n# web-infra-lab: the internal HTTP client is not used by a configuration check\nglobal\n    httpclient.ssl.verify none\n';

/**
 * RFC 7919's ffdhe2048 group (public, standard parameters): stands in for a learner's `ssl-dh-param-file`
 * / `ssl_dhparam`, which is not part of the submission (and generating parameters takes seconds).
 */
export const FFDHE2048 = `-----BEGIN DH PARAMETERS-----
MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz
+8yTnc4kmz75fS/jY2MMddj2gbICrsRhetPfHtXV/WVhJDP1H18GbtCFY2VVPe0a
87VXE15/V8k1mE8McODmi3fipona8+/och3xWKE2rec1MKzKT0g6eXq8CrGCsyT7
YdEIqUuyyOP7uWrat2DX9GgdT0Kj3jlN9K5W7edjcrsZCwenyO4KbXCeAvzhzffi
7MA0BM0oNC9hkXL+nOmFg/+OTxIy7vKBg8P+OxtMb61zO7X8vC7CIAXFjvGDfRaD
ssbzSibBsu/6iGtCOGEoXJf//////////wIBAg==
-----END DH PARAMETERS-----
`;

/** Temp folder prefixes of the real tools; the pid after them lets a later run remove what a killed run left. */
const TEMP_PREFIXES = [
  'web-infra-lab-haproxy-',
  'web-infra-lab-nginx-',
  'web-infra-lab-keepalived-',
  'web-infra-lab-promtool-',
  'web-infra-lab-cert-',
  'web-infra-lab-probe-',
];
let swept = false;

/**
 * Removes the temp folders of real-tool runs whose process is gone (killed by SIGKILL, or a second
 * Ctrl-C): they hold learners' configurations. Folders named before the pid was part of the name are
 * removed when older than an hour. Once per process.
 */
export function sweepStaleToolDirs(dir = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const prefix = TEMP_PREFIXES.find((p) => name.startsWith(p));
    if (!prefix) continue;
    const m = /^(\d+)-/.exec(name.slice(prefix.length));
    let stale: boolean;
    if (m) {
      const pid = Number(m[1]);
      stale = pid !== process.pid && !alive(pid);
    } else {
      try {
        stale = Date.now() - lstatSync(join(dir, name)).mtimeMs > 3_600_000;
      } catch {
        stale = false;
      }
    }
    if (stale) {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The throwaway certificate is kept beside the CLI's code cache (WEB_INFRA_LAB_CACHE_DIR, else
 * node_modules/.cache/web-infra-lab): it only stands in for a learner's certificate files while haproxy -c
 * and nginx -t read the configuration, serves nothing, and is made again after 30 days (valid for 60).
 */
const CERT_DAYS = 60;
const CERT_REUSE_MS = 30 * 24 * 3600 * 1000;
function certCacheFile(): string {
  return join(
    process.env.WEB_INFRA_LAB_CACHE_DIR || join(projectRoot, 'node_modules', '.cache', 'web-infra-lab'),
    'throwaway-cert.json',
  );
}
function readCachedCert(): { cert: string; key: string } | undefined {
  try {
    const file = certCacheFile();
    const c = JSON.parse(readFileSync(file, 'utf8')) as { cert?: unknown; key?: unknown; made?: unknown };
    if (
      typeof c.cert === 'string' &&
      typeof c.key === 'string' &&
      typeof c.made === 'number' &&
      Date.now() - c.made < CERT_REUSE_MS &&
      c.cert.startsWith('-----BEGIN CERTIFICATE-----') &&
      /-----BEGIN (EC )?PRIVATE KEY-----/.test(c.key)
    )
      return { cert: c.cert, key: c.key };
  } catch {
    /* none yet */
  }
  return undefined;
}
function writeCachedCert(cert: string, key: string): void {
  try {
    const file = certCacheFile();
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ cert, key, made: Date.now() }), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    /* a read-only install: made again next time */
  }
}

let certCache: Promise<{ cert: string; key: string; pem: string; dir: string } | undefined> | undefined;

let certNow: { cert: string; key: string; pem: string; dir: string } | undefined;

/**
 * The kept certificate, at once (no await: the tool that needs it, haproxy -c, the slowest, is then spawned
 * before the others), or undefined when there is none to reuse yet.
 */
function throwawayCertNow(): { cert: string; key: string; pem: string; dir: string } | undefined {
  if (certNow) return certNow;
  // made once and kept with the code cache (making one is ~0.2 s on the critical path of haproxy -c)
  const cached = readCachedCert();
  if (!cached) return undefined;
  try {
    const dir = mkdtempSync(join(tmpdir(), `web-infra-lab-cert-${process.pid}-`));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), pem: join(dir, 'combined.pem'), dir };
    writeFileSync(files.cert, cached.cert);
    writeFileSync(files.key, cached.key);
    writeFileSync(files.pem, cached.cert + cached.key);
    certNow = files;
    return files;
  } catch {
    return undefined;
  }
}

/** A throwaway self-signed EC certificate (P-256: the fastest to make), in a temp dir removed at exit. */
function throwawayCert(
  signal?: AbortSignal,
): Promise<{ cert: string; key: string; pem: string; dir: string } | undefined> {
  if (certCache) return certCache;
  const now = throwawayCertNow();
  if (now) return (certCache = Promise.resolve(now));
  certCache = (async () => {
    const openssl = findTool('openssl');
    if (!openssl) return undefined;
    const dir = mkdtempSync(join(tmpdir(), `web-infra-lab-cert-${process.pid}-`));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const pem = join(dir, 'combined.pem');
    const r = await runTool(
      openssl,
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        String(CERT_DAYS),
        '-subj',
        '/CN=web-infra-lab.invalid',
      ],
      signal,
    );
    if (r.code !== 0) return undefined;
    writeFileSync(pem, readFileSync(cert, 'utf8') + readFileSync(key, 'utf8'));
    writeCachedCert(readFileSync(cert, 'utf8'), readFileSync(key, 'utf8'));
    return { cert, key, pem, dir };
  })();
  return certCache;
}

export function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  if (!swept) {
    swept = true;
    sweepStaleToolDirs();
  }
  const dir = mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`));
  // A second Ctrl-C exits at once: the folder goes with the process, not with the next run.
  const bye = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', bye);
  return fn(dir).finally(() => {
    process.removeListener('exit', bye);
    bye();
  });
}

/**
 * The sandbox for this run, or the finding that says why the tool did not run (never unsandboxed).
 */
export async function jailFor(tool: string): Promise<{ sandbox: ToolSandbox } | { finding: ExternalFinding }> {
  const p = await toolSandbox((n) => findTool(n));
  if (p.ok) return { sandbox: p.sandbox };
  return {
    finding: {
      messageId: 'tool',
      data: {
        tool,
        detail: `was not run: real tools run only in a sandbox, and ${p.reason}. The static checks still ran.`,
      },
      severity: 'warning',
      tool,
    },
  };
}

/** Writes the sandbox's /etc files into the run folder and gives it to the sandbox's user. */
export function prepareJail(sandbox: ToolSandbox, dir: string, cert?: { dir: string }): ToolJail {
  mkdirSync(join(dir, 'etc'), { recursive: true });
  writeSandboxEtc(join(dir, 'etc'));
  handOver(sandbox, dir);
  if (cert) handOver(sandbox, cert.dir);
  return { sandbox, dir, ro: cert ? [cert.dir] : [] };
}

/** HAProxy keywords that load code (refused unless they name the distribution's own modules). */
const HAPROXY_CODE = new Set([
  'ssl-provider-path',
  'ssl-provider',
  'ssl-engine',
  'lua-load',
  'lua-load-per-thread',
  'lua-prepend-path',
]);
/** Folders of the distribution's OpenSSL providers and Nginx modules. */
const DIST_MODULE_DIRS = [
  '/usr/lib/x86_64-linux-gnu/ossl-modules',
  '/usr/lib/aarch64-linux-gnu/ossl-modules',
  '/usr/lib/ssl',
  '/usr/lib/nginx/modules',
  '/usr/share/nginx/modules',
];

/** An absolute, `..`-free path inside a distribution module folder. */
export function distributionModule(path: string): boolean {
  if (!path.startsWith('/') || path.split('/').includes('..')) return false;
  const n = posix.normalize(path);
  return DIST_MODULE_DIRS.some((d) => n === d || n.startsWith(d + '/'));
}

/** Replaces whole words of a line (by their spans' columns) without changing the line count. */
function replaceAt(line: string, edits: Array<{ column: number; length: number; text: string }>): string {
  let out = line;
  for (const e of [...edits].sort((a, b) => b.column - a.column))
    out = out.slice(0, e.column - 1) + e.text + out.slice(e.column - 1 + e.length);
  return out;
}

const at = (file: ModelFile, line: number): Span => ({ file: file.path, line, column: 1 });

/**
 * The inventory's address for a host name (`web-01`, or `web-01.example.tech` for the host web-01), when it is an
 * IP address: an inventory that knows the host only by that name (the learner's configuration named it so) has
 * no address to give, and the tools must make no DNS query.
 */
function resolveHost(model: Model, name: string): string | undefined {
  const h = model.hosts[name] ?? Object.values(model.hosts).find((x) => x.name === name.split('.')[0]);
  return h?.address !== undefined && IP.test(h.address) ? h.address : undefined;
}

/** An IPv4 or IPv6 address (an IPv6 one has a colon: `cafe` or `dead` is a host name). */
const IP = /^(\d{1,3}\.){3}\d{1,3}$|^\[?[0-9a-f]*:[0-9a-f:.]*\]?$/i;

// ------------------------------------------------------------------------------------------------
// HAProxy

/** The HAProxy keywords and bind/server options that name a file the sandbox lacks, and what stands in. */
const HAPROXY_FILE_OPTIONS: Record<string, string> = {
  crt: 'a throwaway certificate',
  'ca-file': 'the throwaway certificate (as a CA)',
  'ca-verify-file': 'the throwaway certificate (as a CA)',
  'crl-file': 'the throwaway certificate (HAProxy accepts it as a CRL file)',
  'crt-list': 'a list with the throwaway certificate',
};

export async function haproxyCheck(
  model: Model,
  host: HostModel,
  signal?: AbortSignal,
  spawned?: () => void,
): Promise<ExternalFinding[]> {
  const bin = findTool('haproxy');
  const unit = host.haproxy[0];
  if (!bin || !unit) return [];
  const jailed = await jailFor('haproxy -c');
  if ('finding' in jailed) return [jailed.finding];
  const file = unit.file;
  const lines = file.source.text.split('\n');
  const notes: ExternalFinding[] = [];
  const needCert = unit.config.sections.some((s) => s.lines.some((l) => l.args.some((a) => a in HAPROXY_FILE_OPTIONS)));
  // (no await without a certificate to make: haproxy -c, the slowest tool, starts at once)
  const cert = needCert ? (throwawayCertNow() ?? (await throwawayCert(signal))) : undefined;
  return withTempDir('web-infra-lab-haproxy-', async (dir) => {
    const errorFile = join(dir, 'error.http');
    writeFileSync(errorFile, 'HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\nunavailable\r\n');
    const dhFile = join(dir, 'dhparams.pem');
    writeFileSync(dhFile, FFDHE2048);
    const issuers = join(dir, 'issuers');
    mkdirSync(issuers);
    const emptyPatterns = join(dir, 'empty-patterns.lst');
    writeFileSync(emptyPatterns, '');
    const crtList = join(dir, 'crt-list.txt');
    if (cert) writeFileSync(crtList, `${cert.pem}\n`);
    const replaced = (l: { line: number }, what: string, value: string, by: string) =>
      notes.push({
        messageId: 'tool-note',
        data: {
          detail: `for \`haproxy -c\`, ${what} ${value} was replaced by ${by} (the sandbox has only the submission's configuration)`,
        },
        loc: at(file, l.line),
        severity: 'info',
      });
    for (const s of [...unit.config.sections, { lines: unit.config.preamble }]) {
      for (const l of s.lines) {
        if (HAPROXY_CODE.has(l.keyword) && l.prefix === undefined) {
          // Code loading: the distribution's own providers only; never a Lua script or a learner's module.
          const arg = l.args[0] ?? '';
          const ok =
            l.keyword === 'ssl-provider-path'
              ? distributionModule(arg)
              : l.keyword === 'ssl-provider' || l.keyword === 'ssl-engine'
                ? /^[A-Za-z0-9_.-]+$/.test(arg) && !arg.endsWith('.so')
                : false;
          if (!ok) {
            lines[l.line - 1] = `#${lines[l.line - 1]}`;
            const lua = l.keyword.startsWith('lua-');
            notes.push({
              messageId: 'tool',
              data: {
                tool: 'haproxy -c',
                detail: `\`${l.keyword}\` was refused and not checked: ${lua ? 'it loads a Lua script (code), which the checker never runs' : "it loads code from outside the distribution's module folders"}`,
              },
              loc: at(file, l.line),
              severity: lua ? 'warning' : 'error',
              tool: 'haproxy -c',
            });
            continue;
          }
        }
        const edits: Array<{ column: number; length: number; text: string }> = [];
        const words = l.words;
        const quote = (p: string) => `"${p}"`;
        for (let i = 0; i < words.length; i++) {
          const w = words[i];
          if (w.span.line !== l.line) continue;
          const prev = words[i - 1]?.value;
          const len = w.raw.length;
          if (prev !== undefined && i >= 2 && prev in HAPROXY_FILE_OPTIONS && cert) {
            edits.push({
              column: w.span.column,
              length: len,
              text: quote(prev === 'crt' ? cert.pem : prev === 'crt-list' ? crtList : cert.cert),
            });
            replaced(l, `\`${prev}\``, w.value, HAPROXY_FILE_OPTIONS[prev]);
          }
          if (prev === '-f' && i >= 2 && !w.value.includes('$')) {
            // an ACL pattern file (`acl blocked src -f /etc/haproxy/blocked.lst`): empty is valid
            edits.push({ column: w.span.column, length: len, text: quote(emptyPatterns) });
            replaced(l, 'the pattern file', w.value, 'an empty one');
          }
          // the distribution's own error pages are in the sandbox (/etc/haproxy/errors, read-only): kept as written.
          // So is another page there that a script's configuration names but the script never writes (the package
          // ships no 404.http): HAProxy refuses to start on it, and `haproxy -c` says so at the learner's line. A
          // configuration submitted as a file gets the benefit of the doubt (the page may be on the server).
          if (
            l.keyword === 'errorfile' &&
            i === 2 &&
            !/^\/etc\/haproxy\/errors\/(400|403|408|500|502|503|504)\.http$/.test(w.value) &&
            !(
              file.fromScript !== undefined &&
              /^\/etc\/haproxy\/errors\/[^/]+$/.test(w.value) &&
              !model.files.some((f) => f.fromScript === file.fromScript && f.target === w.value)
            )
          ) {
            edits.push({ column: w.span.column, length: len, text: quote(errorFile) });
            replaced(l, '`errorfile`', w.value, 'a stock 503 page');
          }
          if (l.keyword === 'ssl-dh-param-file' && i === 1) {
            edits.push({ column: w.span.column, length: len, text: quote(dhFile) });
            replaced(l, '`ssl-dh-param-file`', w.value, 'the standard ffdhe2048 parameters (RFC 7919)');
          }
          if (l.keyword === 'issuers-chain-path' && i === 1) {
            edits.push({ column: w.span.column, length: len, text: quote(issuers) });
            replaced(l, '`issuers-chain-path`', w.value, 'an empty folder');
          }
          if ((l.keyword === 'pidfile' || l.keyword === 'server-state-file') && i === 1)
            edits.push({ column: w.span.column, length: len, text: quote(join(dir, l.keyword)) });
          if (l.keyword === 'server' && i === 2 && l.prefix === undefined && SERVER_KEYWORDS.has(w.value)) {
            // No address: HAProxy would look the next keyword up as a host name (a DNS query). The
            // static check reports the missing address; the tool checks the rest.
            edits.push({ column: w.span.column, length: 0, text: '127.0.0.1:1 ' });
            notes.push({
              messageId: 'tool-note',
              data: {
                detail: `for \`haproxy -c\`, server ${l.args[0] ?? ''} (no address) was given 127.0.0.1:1, so that HAProxy makes no DNS query`,
              },
              loc: at(file, l.line),
              severity: 'info',
            });
          }
          if (l.keyword === 'bind' && i === 1) {
            const parts = w.value.split(',').map((p) => {
              const m = /^([a-z][a-z0-9.-]*):(\d[\d-]*)$/i.exec(p);
              return m ? `${resolveHost(model, m[1]) ?? '127.0.0.1'}:${m[2]}` : p;
            });
            if (parts.join(',') !== w.value) edits.push({ column: w.span.column, length: len, text: parts.join(',') });
          }
          if (l.keyword === 'server' && i === 2 && l.prefix === undefined) {
            const m = /^([^:[\]]+)(:.*)?$/.exec(w.value);
            if (
              m &&
              !IP.test(m[1]) &&
              m[1] !== '*' &&
              !SERVER_KEYWORDS.has(w.value) &&
              !/^[a-z0-9]+@/.test(w.value) &&
              !w.value.includes('$') &&
              validHostName(m[1])
            ) {
              const addr = resolveHost(model, m[1]);
              edits.push({ column: w.span.column, length: len, text: (addr ?? '127.0.0.1') + (m[2] ?? '') });
              notes.push({
                messageId: 'tool-note',
                data: {
                  detail: `for \`haproxy -c\`, server address ${m[1]} was given ${addr ? `the inventory's address ${addr}` : 'the address 127.0.0.1 (the inventory has no IP address for it)'}, without a DNS lookup`,
                },
                loc: at(file, l.line),
                severity: 'info',
              });
            }
          }
        }
        if (edits.length) lines[l.line - 1] = replaceAt(lines[l.line - 1], edits);
      }
    }
    const cfg = join(dir, 'haproxy.cfg');
    // HAProxy 2.5+ loads the whole system CA store at start-up for its internal HTTP client (not for
    // the proxies): two thirds of a `haproxy -c` (about 20 of 30 ms here). Validation needs none of it,
    // so a global section after the learner's last line turns that off, unless the learner's own
    // configuration sets an httpclient option, or its last line has no LF (HAProxy reports that): then
    // it runs as written. An older HAProxy that does not know the keyword gets the file as written.
    const quick = file.source.text.endsWith('\n') && !lines.some((x) => /^[ \t]*httpclient\./.test(x));
    // a script's `$(hostname)` / `$HOSTNAME` (HOST_NAME_SYMBOL) is this host's name on the machine
    writeFileSync(
      cfg,
      lines
        .join('\n')
        .split(HOST_NAME_SYMBOL)
        .join(host.name.replace(/[^A-Za-z0-9.-]/g, '-')) + (quick ? HTTPCLIENT_OFF : ''),
    );
    const jail = prepareJail(jailed.sandbox, dir, cert);
    const run = runTool(bin, ['-c', '-f', cfg], signal, TOOL_TIMEOUT_MS, jail);
    spawned?.();
    let r = await run;
    if (quick && r.code !== 0 && /httpclient/.test(r.stderr)) {
      writeFileSync(cfg, lines.join('\n'));
      r = await runTool(bin, ['-c', '-f', cfg], signal, TOOL_TIMEOUT_MS, jail);
    }
    return [...notes, ...haproxyFindings(r, cfg, file)];
  });
}

export function haproxyFindings(r: ToolRun, cfg: string, file: ModelFile): ExternalFinding[] {
  const tool = 'haproxy -c';
  if (r.timedOut)
    return [
      {
        messageId: 'tool',
        data: { tool, detail: `did not finish within ${TOOL_TIMEOUT_MS / 1000} s` },
        severity: 'warning',
      },
    ];
  if (r.error && r.code === null)
    return [{ messageId: 'tool', data: { tool, detail: `could not run (${r.error})` }, severity: 'warning' }];
  const out: ExternalFinding[] = [];
  const lineCount = file.source.text.split('\n').length;
  for (const raw of (r.stdout + '\n' + r.stderr).split('\n')) {
    const m = /^\[(ALERT|WARNING)\]\s+\(\d+\)\s*:\s*(?:config\s*:\s*)?(.*)$/.exec(raw.trim());
    if (!m) continue;
    let detail = m[2].trim();
    if (/^(Fatal errors found in configuration|Error\(s\) found in configuration file)/.test(detail)) continue;
    const loc = /\[([^\]]*?):(\d+)\]\s*:?\s*/.exec(detail);
    let span: Span | undefined;
    if (loc && loc[1] === cfg) {
      const line = Math.min(Number(loc[2]), lineCount);
      span = at(file, line);
      detail = detail
        .replace(loc[0], '')
        .replace(/^parsing\s*/, '')
        .trim();
    }
    detail = detail
      .split(cfg)
      .join(file.fromScript ? (file.target ?? file.path) : file.path)
      .split(dirname(cfg) + '/')
      .join('(sandbox)/');
    out.push({
      messageId: 'tool',
      data: { tool, detail },
      ...(span ? { loc: span } : {}),
      // an ALERT in a check that exits 0 was recovered from ("user/uid already specified. Continuing.", as
      // when a whole answer is appended to the package's haproxy.cfg): HAProxy starts, so it is a warning
      severity: m[1] === 'ALERT' && r.code !== 0 ? 'error' : 'warning',
      tool,
    });
  }
  if (r.code === 0 && !out.some((f) => f.severity === 'error'))
    out.push({ messageId: 'tool-ok', data: { tool }, severity: 'info', tool });
  else if (r.code !== 0 && !out.some((f) => f.severity === 'error'))
    out.push({ messageId: 'tool', data: { tool, detail: `exited with status ${r.code}` }, severity: 'error', tool });
  return out;
}

// ------------------------------------------------------------------------------------------------
// Nginx

const LOG_DIRECTIVES = new Set(['access_log', 'error_log']);
const NGINX_CERT = new Set([
  'ssl_certificate',
  'ssl_certificate_key',
  'ssl_trusted_certificate',
  'ssl_client_certificate',
]);

/** Blanks a whole statement (its name to its `;`, over as many lines as it spans) without removing a line. */
function blankStatement(lines: string[], d: import('../core/parsers/nginx/ast').NginxDirective): void {
  const first = d.span.line;
  const lastArg = d.argv[d.argv.length - 1];
  const endLine = lastArg?.span.endLine ?? lastArg?.span.line ?? first;
  for (let ln = first; ln <= endLine && ln <= lines.length; ln++) {
    const text = lines[ln - 1];
    const from = ln === first ? d.span.column - 1 : 0;
    let to = text.length;
    if (ln === endLine) {
      const semi = text.indexOf(';', ln === first ? from : 0);
      to = semi < 0 ? text.length : semi + 1;
    }
    lines[ln - 1] = text.slice(0, from) + ' '.repeat(Math.max(0, to - from)) + text.slice(to);
  }
}

export async function nginxCheck(
  model: Model,
  host: HostModel,
  signal?: AbortSignal,
  spawned?: () => void,
): Promise<ExternalFinding[]> {
  const bin = findTool('nginx');
  if (!bin || host.nginx.length === 0) return [];
  const unit = host.nginx[0];
  const entry = unit.file;
  const isWhole = (u: (typeof host.nginx)[number]) =>
    u.parse.configs.some(
      (c) => c.file === u.file.path && c.parsed.some((d) => d.directive === 'http' || d.directive === 'events'),
    );
  const whole = isWhole(unit);
  // The sites one script leaves on the server (its own, and the package's default site it did not remove) are
  // read together, as the stock nginx.conf includes them: two `default_server`s on one port stop nginx. Files
  // submitted directly may never all be enabled at once: the first is checked alone, as before.
  const units = whole
    ? [unit]
    : host.nginx.filter(
        (u) => u === unit || (entry.fromScript !== undefined && u.file.fromScript === entry.fromScript && !isWhole(u)),
      );
  const jailed = await jailFor('nginx -t');
  if ('finding' in jailed) return [jailed.finding];
  return withTempDir('web-infra-lab-nginx-', async (dir) => {
    const dhFile = join(dir, 'dhparams.pem');
    writeFileSync(dhFile, FFDHE2048);
    const notes: ExternalFinding[] = [];
    const pathMap = new Map<string, ModelFile>();
    const ports = new Map<string, number>();
    // Every nginx file of the parse, written at its path relative to the host folder (or the script's target).
    const hostPrefix = `${host.name}/`;
    const relOf = (mf: ModelFile) =>
      mf.fromScript
        ? (mf.target ?? mf.path).replace(/^\/+/, '')
        : mf.path.startsWith(hostPrefix)
          ? mf.path.slice(hostPrefix.length)
          : mf.path;
    let cert: { cert: string; key: string; dir: string } | undefined;
    const needsCert = units
      .flatMap((u) => u.parse.configs)
      .some((c) =>
        c.parsed.some(function walk(d): boolean {
          return NGINX_CERT.has(d.directive) || (d.block ?? []).some(walk);
        }),
      );
    if (needsCert) cert = throwawayCertNow() ?? (await throwawayCert(signal));
    for (const cfg of units.flatMap((u) => u.parse.configs)) {
      const mf = model.files.find((f) => f.path === cfg.file) ?? model.linkedFiles?.get(cfg.file);
      if (!mf) continue;
      const rel = relOf(mf);
      const lines = mf.source.text.split('\n');
      const walk = (ds: typeof cfg.parsed, inUpstream = false): void => {
        for (const d of ds) {
          if (d.span.file !== cfg.file) continue;
          const line = d.span.line;
          const edits: Array<{ column: number; length: number; text: string }> = [];
          const arg = (i: number) => d.argv[i];
          const setArg = (i: number, text: string) => {
            const a = arg(i);
            if (a && a.span.line === line) {
              const end =
                a.span.endLine === line && a.span.endColumn !== undefined
                  ? a.span.endColumn - 1
                  : a.span.column - 1 + a.value.length;
              const raw = lines[line - 1].slice(a.span.column - 1, end);
              edits.push({ column: a.span.column, length: raw.length, text: `"${text}"` });
            }
          };
          const note = (what: string) =>
            notes.push({
              messageId: 'tool-note',
              data: {
                detail: `for \`nginx -t\` on ${host.name}, \`${d.directive} ${d.args[0] ?? ''}\` ${what} (the sandbox has only the submission's configuration)`,
              },
              loc: d.span,
              severity: 'info',
            });
          if (d.directive === 'load_module') {
            const a = d.args[0] ?? '';
            const abs = a.startsWith('/') ? a : posix.join('/usr/share/nginx/', a);
            if (distributionModule(abs) && !a.includes('$')) setArg(0, abs);
            else {
              blankStatement(lines, d);
              notes.push({
                messageId: 'tool',
                data: {
                  tool: 'nginx -t',
                  detail: `\`load_module ${a}\` was refused and not checked: it loads code from outside the distribution's module folder (/usr/lib/nginx/modules)`,
                },
                loc: d.span,
                severity: 'error',
                tool: 'nginx -t',
              });
              continue;
            }
          } else if (d.directive === 'listen' && !inUpstream && d.args[0] && !d.args[0].startsWith('unix:')) {
            const port = testPort(ports, d.args[0]);
            setArg(0, `127.0.0.1:${port}`);
            notes.push({
              messageId: 'tool-note',
              data: { detail: `for \`nginx -t\` on ${host.name}, \`listen ${d.args[0]}\` ran as 127.0.0.1:${port}` },
              loc: d.span,
              severity: 'info',
            });
          } else if (
            LOG_DIRECTIVES.has(d.directive) &&
            d.args[0] &&
            d.args[0] !== 'off' &&
            !d.args[0].startsWith('syslog:') &&
            d.args[0] !== 'stderr'
          ) {
            setArg(0, join(dir, `${d.directive}.log`));
          } else if (d.directive === 'pid' || d.directive.endsWith('_temp_path')) {
            setArg(0, join(dir, d.directive));
          } else if (
            d.directive === 'ssl_certificate' &&
            cert &&
            d.args[0] &&
            !d.args[0].includes('$') &&
            !d.args[0].startsWith('data:')
          ) {
            setArg(0, cert.cert);
            note('was given a throwaway certificate');
          } else if (
            d.directive === 'ssl_certificate_key' &&
            cert &&
            d.args[0] &&
            !d.args[0].includes('$') &&
            !d.args[0].startsWith('data:')
          ) {
            setArg(0, cert.key);
            note("was given the throwaway certificate's key");
          } else if (
            (d.directive === 'ssl_trusted_certificate' || d.directive === 'ssl_client_certificate') &&
            cert &&
            d.args[0]
          ) {
            setArg(0, cert.cert);
            note('was given the throwaway certificate (as a CA)');
          } else if (d.directive === 'ssl_dhparam' && d.args[0]) {
            setArg(0, dhFile);
            note('was given the standard ffdhe2048 parameters (RFC 7919)');
          } else if (d.directive === 'include' && /^\/etc\/nginx\/(sites-enabled|conf\.d)\//.test(d.args[0] ?? '')) {
            // The machine's own sites are not part of the answer; the sites a script wrote (or left enabled)
            // are, where the parse read them through this include (written below at their own paths)
            const prefix = scriptPrefix(cfg.file);
            const re = prefix ? globToRegExp(prefix + d.args[0]) : undefined;
            if (re && unit.parse.configs.some((c) => re.test(c.file)))
              setArg(0, join(dir, 'conf', d.args[0]!.slice(1)));
            else setArg(0, join(dir, 'empty-include-*.conf'));
          } else if (d.directive === 'proxy_pass' && d.args[0]) {
            const m = /^(https?:\/\/)([^/:$]+)(.*)$/.exec(d.args[0]);
            if (m && !IP.test(m[2]) && !isUpstream(unit.parse, m[2])) {
              const addr = resolveHost(model, m[2]);
              setArg(0, `${m[1]}${addr ?? '127.0.0.1'}${m[3]}`);
              notes.push({
                messageId: 'tool-note',
                data: {
                  detail: `for \`nginx -t\` on ${host.name}, ${m[2]} was given ${addr ? `the inventory's address ${addr}` : 'the address 127.0.0.1 (the inventory has no IP address for it)'}, without a DNS lookup`,
                },
                loc: d.span,
                severity: 'info',
              });
            }
          } else if (d.directive === 'server' && inUpstream && d.args[0]) {
            const m = /^([^:]+)(:\d+)?$/.exec(d.args[0]);
            if (m && !IP.test(m[1]) && !d.args[0].startsWith('unix:')) {
              const addr = resolveHost(model, m[1]);
              setArg(0, `${addr ?? '127.0.0.1'}${m[2] ?? ''}`);
              notes.push({
                messageId: 'tool-note',
                data: {
                  detail: `for \`nginx -t\` on ${host.name}, ${m[1]} was given ${addr ? `the inventory's address ${addr}` : 'the address 127.0.0.1'}, without a DNS lookup`,
                },
                loc: d.span,
                severity: 'info',
              });
            }
          }
          if (edits.length) lines[line - 1] = replaceAt(lines[line - 1], edits);
          if (d.block) walk(d.block, d.directive === 'upstream');
        }
      };
      walk(cfg.parsed);
      const out = join(dir, 'conf', rel);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, lines.join('\n'));
      pathMap.set(out, mf);
    }
    const entryRel = relOf(entry);
    const includes = units
      .map((u) => `    include "${join(dir, 'conf', relOf(u.file))}";\n`)
      .filter((x, i, all) => all.indexOf(x) === i)
      .join('');
    // Relative includes resolve against the configuration's folder: Debian's own files there
    // (`include proxy_params;`), unless the submission has its own.
    for (const name of STOCK_RELATIVE_INCLUDES) {
      const out = join(dir, 'conf', name);
      try {
        accessSync(out);
      } catch {
        try {
          const text = readFileSync(join('/etc/nginx', name));
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, text);
        } catch {
          /* not installed here: nginx -t reports the include as it would */
        }
      }
    }
    // Debian's modules-enabled/*.conf say `load_module modules/x.so;`, relative to nginx's prefix
    // (/usr/share/nginx, whose modules/ links to /usr/lib/nginx/modules): the run's prefix gets the same link,
    // so a stock nginx.conf loads the distribution's modules (read-only in the sandbox) as nginx would
    try {
      symlinkSync(realpathSync('/usr/share/nginx/modules'), join(dir, 'modules'));
    } catch {
      /* no modules installed here (or the name is taken): nginx -t reports a load_module as it would */
    }
    const main = join(dir, 'conf', whole ? entryRel : 'web-infra-lab-wrapper.conf');
    const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map((t) => `${t}_temp_path ${join(dir, t)};`)
      .join(' ');
    if (!whole) {
      writeFileSync(
        main,
        `pid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'error.log')};\nevents {}\nhttp {\n    access_log off;\n    ${temps}\n${includes}}\n`,
      );
    }
    const hasPid = whole && unit.parse.configs[0]?.parsed.some((d) => d.directive === 'pid');
    const args = ['-t', '-q', '-p', dir + '/', '-e', join(dir, 'error.log'), '-c', main];
    // nginx -t writes the pid file: keep it in the temp dir, never the machine's /run/nginx.pid.
    if (whole && !hasPid) args.push('-g', `pid ${join(dir, 'nginx.pid')};`);
    const jail = prepareJail(jailed.sandbox, dir, cert);
    const run = runTool(bin, args, signal, TOOL_TIMEOUT_MS, jail);
    spawned?.();
    const r = await run;
    const findings = nginxFindings(r, pathMap, entry, host.name, dir);
    return [...notes, ...findings];
  });
}

function isUpstream(parse: import('../core/parsers/nginx/ast').NginxParse, name: string): boolean {
  const walk = (ds: import('../core/parsers/nginx/ast').NginxDirective[]): boolean =>
    ds.some((d) => (d.directive === 'upstream' && d.args[0] === name) || (d.block ? walk(d.block) : false));
  return parse.configs.some((c) => walk(c.parsed));
}

export function nginxFindings(
  r: ToolRun,
  pathMap: Map<string, ModelFile>,
  entry: ModelFile,
  host: string,
  dir?: string,
): ExternalFinding[] {
  const tool = 'nginx -t';
  if (r.timedOut)
    return [
      {
        messageId: 'tool',
        data: { tool, detail: `did not finish within ${TOOL_TIMEOUT_MS / 1000} s` },
        severity: 'warning',
      },
    ];
  if (r.error && r.code === null)
    return [{ messageId: 'tool', data: { tool, detail: `could not run (${r.error})` }, severity: 'warning' }];
  const out: ExternalFinding[] = [];
  for (const raw of r.stderr.split('\n')) {
    const m = /^nginx: \[(emerg|alert|crit|error|warn)\] (.*)$/.exec(raw.trim());
    if (!m) continue;
    let detail = m[2];
    // the sandbox runs nginx -t unprivileged: the stock `user www-data;` draws a warning no server would give
    if (
      m[1] === 'warn' &&
      /^the "user" directive makes sense only if the master process runs with super-user/.test(detail)
    )
      continue;
    let loc: Span | undefined;
    const lm = / in (\/\S+?):(\d+)$/.exec(detail);
    if (lm) {
      const mf = pathMap.get(lm[1]);
      detail = detail.slice(0, lm.index);
      if (mf) loc = at(mf, Math.min(Number(lm[2]), mf.source.text.split('\n').length));
      // a line of the package's own site, which the script left enabled: say which file it is
      if (mf?.reason.startsWith('installed by') && mf.target)
        detail += ` (in ${mf.target}, the package's default site, line ${lm[2]}: the script leaves it enabled; \`rm /etc/nginx/sites-enabled/default\` removes it)`;
    }
    for (const [p, mf] of pathMap) detail = detail.split(p).join(mf.path);
    if (dir) detail = detail.split(dir + '/').join('(sandbox)/');
    out.push({
      messageId: 'tool',
      data: { tool, detail },
      ...(loc ? { loc } : { loc: at(entry, 1) }),
      severity: m[1] === 'warn' ? 'warning' : 'error',
      tool,
    });
  }
  if (r.code === 0) out.push({ messageId: 'tool-ok', data: { tool, host }, severity: 'info', tool });
  else if (!out.some((f) => f.severity === 'error'))
    out.push({
      messageId: 'tool',
      data: { tool, detail: `exited with status ${r.code}` },
      loc: at(entry, 1),
      severity: 'error',
      tool,
    });
  return out;
}

/**
 * Runs the installed tools for the selected checks, concurrently. Returns external findings by
 * check id; a tool that is not installed contributes nothing (the static checks still run).
 */
export async function runRealTools(
  model: Model,
  opts: { signal?: AbortSignal; checks?: Set<string> } = {},
): Promise<Record<string, ExternalFinding[]>> {
  return startRealTools(model, opts).results;
}

/**
 * A real tool, keyed by the file kind it validates: it runs on every host holding units of that kind
 * and its findings go to `check` (a static check that reads `ctx.external`). A lab adds one for its
 * own kind (`keepalived -t`, `nft -c`) with `registerToolRunners`, from its plug-in module.
 */
export interface ToolRunner {
  kind: string;
  /** The check that reports this tool's findings. */
  check: string;
  /** Does the host hold something for this tool? */
  holds(host: HostModel): boolean;
  /** Runs the tool for one host; calls `spawned` once its process has started (or it needs none). */
  run(model: Model, host: HostModel, signal: AbortSignal | undefined, spawned: () => void): Promise<ExternalFinding[]>;
}

const runners: ToolRunner[] = shared('tool-runners', (): ToolRunner[] => [
  { kind: 'haproxy', check: 'haproxy/valid-config', holds: (h) => h.haproxy.length > 0, run: haproxyCheck },
  { kind: 'nginx', check: 'nginx/valid-config', holds: (h) => h.nginx.length > 0, run: nginxCheck },
  // keepalived -t, for the bundled keepalived kind (labs/node/tools/keepalived.ts)
  {
    kind: 'keepalived',
    check: 'keepalived/valid-config',
    holds: (h) => (h.units.keepalived ?? []).length > 0,
    run: (model, host, signal, spawned) =>
      keepalivedCheck(model, host, signal, spawned, { findTool, jailFor, prepareJail, withTempDir, runTool }),
  },
  // promtool test rules, on the monitoring host's alert rules (labs/node/tools/promtool.ts)
  {
    kind: 'yaml',
    check: 'monitoring/alert-backend-down',
    holds: (h) => h.role === 'monitor',
    run: (model, host, signal, spawned) =>
      promtoolCheck(model, host, signal, spawned, { findTool, jailFor, prepareJail, withTempDir, runTool }),
  },
  {
    kind: 'yaml',
    check: 'monitoring/prometheus-config',
    holds: (h) => h.role === 'monitor',
    run: (model, host, signal, spawned) =>
      promtoolConfigCheck(model, host, signal, spawned, { findTool, jailFor, prepareJail, withTempDir, runTool }),
  },
]);

export function registerToolRunners(list: ReadonlyArray<ToolRunner>): void {
  for (const r of list) if (!runners.includes(r)) runners.push(r);
}

/** The checks that read real-tool findings (they run after the tools finish). */
export function toolChecks(): Set<string> {
  return new Set(runners.map((r) => r.check));
}

/**
 * Starts every registered tool for the hosts that hold its kind, at once. `spawned` settles when every
 * tool process has started (or its host needed none), so the caller can run the static checks while the
 * tools work; `results` are their findings by check id.
 */
export function startRealTools(
  model: Model,
  opts: { signal?: AbortSignal; checks?: Set<string> } = {},
): { spawned: Promise<void>; results: Promise<Record<string, ExternalFinding[]>> } {
  const want = (id: string) => !opts.checks || opts.checks.has(id);
  const hosts = Object.values(model.hosts);
  const starts: Array<[string, (spawned: () => void) => Promise<ExternalFinding[]>]> = [];
  for (const r of runners) {
    if (!want(r.check)) continue;
    for (const h of hosts.filter((x) => r.holds(x))) starts.push([r.check, (s) => r.run(model, h, opts.signal, s)]);
  }
  let left = starts.length;
  let release!: () => void;
  const spawned = new Promise<void>((ok) => (release = ok));
  if (left === 0) release();
  const jobs = starts.map(([id, start]) => {
    let counted = false;
    const once = () => {
      if (counted) return;
      counted = true;
      if (--left === 0) release();
    };
    let job: Promise<ExternalFinding[]>;
    try {
      job = start(once);
    } catch (err) {
      job = Promise.reject(err);
    }
    return job.finally(once).then((f): [string, ExternalFinding[]] => [id, f]);
  });
  const results = Promise.all(jobs).then((done) => {
    const out: Record<string, ExternalFinding[]> = {};
    for (const [id, f] of done) (out[id] ??= []).push(...f);
    return out;
  });
  // A failure surfaces through `results`; `spawned` only says when to stop waiting.
  results.catch(() => undefined);
  return { spawned, results };
}
