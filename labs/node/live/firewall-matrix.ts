/**
 * Lab 2's `live/firewall-matrix`: the learner's own `ufw` commands (as the model reconstructed them from
 * their scripts, addresses mapped onto the sandbox's) applied by the real `ufw` in each host's network
 * namespace, with a private /etc/ufw, /etc/default and /run (nothing of the machine's own firewall is
 * read or changed; the rules die with the namespace). Then, from the internet (the client namespace) and
 * from each host, a TCP connection to each port of the lab's matrix, with a short timeout: open means
 * connected (a harness listener, or the running server, answers behind the firewall), anything else closed.
 */
import {
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { findTool } from '../realtools';
import { rootArgs } from '../toolsandbox';
import { join } from 'node:path';
import { replyDropped, verdict } from '../../core/checks/firewall/common';
import { designMatrix } from '../../core/firewall/design';
import { commandsOf, iptablesSources } from '../../core/firewall/ufw';
import type { Model } from '../../core/model/types';
import type { Change } from './change';
import type { HostPlan } from './discover';
import { mapAddresses } from './addresses';
import { type ManagedProcess, waitFor } from './proc';
import type { Sandbox } from './sandbox';

/** One connection of the lab's matrix: who connects to which host's port, and whether the design lets it in. */
export interface Cell {
  /** A host's name, or `internet`. */
  from: string;
  to: string;
  port: number;
  want: 'open' | 'closed';
  reason: string;
}

/** A live role's spec role (the design's table speaks the spec's). */
const SPEC_ROLE: Record<string, string> = {
  lb: 'load-balancer',
  web: 'web',
  app: 'app',
  'db-primary': 'db-primary',
  'db-replica': 'db-replica',
};

/**
 * The lab's connections: the design's table (labs/core/firewall/design.ts), the very cells the static
 * firewall checks judge, plus those only a live run can try (the monitoring's scrapes, the exporters).
 */
export function labMatrix(hosts: HostPlan[], appPort: number, monitor?: string): Cell[] {
  const design = hosts.map((h) => ({
    name: h.name,
    role: h.name === monitor ? 'monitor' : (SPEC_ROLE[h.role] ?? h.role),
  }));
  if (monitor && !hosts.some((h) => h.name === monitor)) design.push({ name: monitor, role: 'monitor' });
  return designMatrix(design, { appPort }).map(({ from, to, port, want, reason }) => ({
    from,
    to,
    port,
    want,
    reason,
  }));
}

const UFW_VERBS = new Set([
  'default',
  'allow',
  'deny',
  'reject',
  'limit',
  'insert',
  'prepend',
  'delete',
  'enable',
  'disable',
  'reset',
  'reload',
  'logging',
  'route',
]);

/**
 * The harness's ufw driver: the learner's commands one by one, each run by the real `/usr/sbin/ufw` script
 * (runpy: the very file, as `__main__`, with its argv), in one Python process per host instead of one per
 * command (a Python start-up is ~100 ms of a ~130 ms `ufw allow`). Each command's output goes to a file of
 * its own (file-descriptor level: ufw writes to the buffers of fds 1 and 2); a failure (its exit status)
 * is reported as `FAILED <index> <output>` and never stops the others; `DONE` at the end. The commands
 * come as JSON (argv words, never shell text). stdin is /dev/null: no prompt waits.
 */
export const UFW_DRIVER = `# web-infra-lab live mode: your ufw commands, one by one, each by the real ufw script
import json, os, runpy, sys, tempfile
UFW = '/usr/sbin/ufw'
SAVE = len(sys.argv) > 2 and sys.argv[2] == '--save'
NFT = False
HERE = os.path.dirname(os.path.abspath(sys.argv[1]))
with open(sys.argv[1]) as f:
    cmds = json.load(f)
null = os.open(os.devnull, os.O_RDONLY)
os.dup2(null, 0)
out1, out2 = os.dup(1), os.dup(2)
for i, words in enumerate(cmds):
    tmp = tempfile.TemporaryFile(dir=HERE)
    sys.stdout.flush(); sys.stderr.flush()
    os.dup2(tmp.fileno(), 1); os.dup2(tmp.fileno(), 2)
    code = 0
    try:
        if isinstance(words, dict) and words.get('tool') == 'iptables':
            # a plain iptables command (argv words, no shell), or an iptables-save dump restored
            import subprocess
            code = subprocess.run(['iptables'] + [str(w) for w in words['argv']], stdin=subprocess.DEVNULL).returncode
        elif isinstance(words, dict) and words.get('tool') == 'nft':
            import subprocess
            NFT = True
            code = subprocess.run(['nft', '-f', os.path.join(HERE, os.path.basename(str(words['file'])))], stdin=subprocess.DEVNULL).returncode
        elif isinstance(words, dict) and words.get('tool') == 'iptables-restore':
            import subprocess
            with open(os.path.join(HERE, os.path.basename(str(words['file'])))) as dump:
                code = subprocess.run(['iptables-restore'], stdin=dump).returncode
        else:
            sys.argv = ['ufw'] + [str(w) for w in words]
            runpy.run_path(UFW, run_name='__main__')
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException as e:
        code = 1
        sys.stderr.write('%s: %s\\n' % (type(e).__name__, e))
    sys.stdout.flush(); sys.stderr.flush()
    os.dup2(out1, 1); os.dup2(out2, 2)
    if code != 0:
        tmp.seek(0)
        text = tmp.read().decode('utf-8', 'replace').replace('\\n', ' ')
        sys.stdout.write('FAILED %d %s\\n' % (i, text))
        sys.stdout.flush()
    tmp.close()
sys.stdout.write('DONE\\n')
sys.stdout.flush()
if SAVE:
    import subprocess
    sys.stdout.write('@@RULES\\n')
    sys.stdout.flush()
    subprocess.run(['iptables-save'], stdin=subprocess.DEVNULL)
    if NFT:
        sys.stdout.write('@@NFT\\n')
        sys.stdout.flush()
        subprocess.run(['nft', 'list', 'ruleset'], stdin=subprocess.DEVNULL)
`;

export const LISTENER_SCRIPT = `'use strict';
// web-infra-lab live mode: accept (and close) TCP connections on the given ports; a port in use is skipped.
const net = require('net');
const ports = process.argv.slice(2).map(Number);
let left = ports.length;
const done = () => { if (--left === 0) process.stdout.write('READY\\n'); };
if (!left) process.stdout.write('READY\\n');
for (const p of ports) {
  const s = net.createServer((c) => c.destroy());
  s.on('error', done);
  s.listen(p, '0.0.0.0', done);
}
setInterval(() => {}, 1 << 30);
`;

export const PROBER_SCRIPT = `'use strict';
// web-infra-lab live mode: one TCP connection per target (address:port), all at once, each bounded.
const net = require('net');
const ms = Number(process.argv[2]);
const targets = process.argv.slice(3);
const out = {};
let left = targets.length;
const fin = () => { if (--left <= 0) { process.stdout.write('\\n' + JSON.stringify(out) + '\\n'); process.exit(0); } };
if (!left) fin();
for (const t of targets) {
  const [host, port] = t.split(':');
  let done = false;
  const end = (r) => { if (done) return; done = true; out[t] = r; s.destroy(); fin(); };
  const s = net.connect({ host, port: Number(port) });
  s.setTimeout(ms, () => end('timeout'));
  s.on('connect', () => end('open'));
  s.on('error', (e) => end(e.code === 'ECONNREFUSED' ? 'refused' : (e.code || 'error')));
}
`;

// The same two helpers in Python (python3 is there wherever ufw is, ufw being a Python program): one
// interpreter each at about 9 MB of memory where Node takes about 40 MB, and the matrix starts one listener per
// host and one prober per source at once. The Node ones above stand in when python3 is missing.
export const LISTENER_PY = `import select, socket, sys, time
# web-infra-lab live mode: accept (and close) TCP connections on the given ports; a port in use is skipped.
socks = []
for p in sys.argv[1:]:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(('0.0.0.0', int(p)))
        s.listen(64)
        socks.append(s)
    except OSError:
        s.close()
sys.stdout.write('READY\\n')
sys.stdout.flush()
while True:
    if not socks:
        time.sleep(3600)
        continue
    for s in select.select(socks, [], [])[0]:
        try:
            s.accept()[0].close()
        except OSError:
            pass
`;

export const PROBER_PY = `import errno, json, selectors, socket, sys, time
# web-infra-lab live mode: one TCP connection per target (address:port), all at once, each bounded.
ms = int(sys.argv[1])
out = {}
sel = selectors.DefaultSelector()
def name(e):
    return 'refused' if e == errno.ECONNREFUSED else errno.errorcode.get(e, 'error')
for t in sys.argv[2:]:
    host, _, port = t.rpartition(':')
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    try:
        e = s.connect_ex((host, int(port)))
    except (OSError, ValueError):
        e = errno.EINVAL
    if e == errno.EINPROGRESS:
        sel.register(s, selectors.EVENT_WRITE, t)
        continue
    out[t] = 'open' if e == 0 else name(e)
    s.close()
deadline = time.monotonic() + ms / 1000
while sel.get_map():
    left = deadline - time.monotonic()
    if left <= 0:
        break
    for key, _ in sel.select(left):
        e = key.fileobj.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        out[key.data] = 'open' if e == 0 else name(e)
        sel.unregister(key.fileobj)
        key.fileobj.close()
for key in list(sel.get_map().values()):
    out[key.data] = 'timeout'
    key.fileobj.close()
sys.stdout.write('\\n' + json.dumps(out) + '\\n')
sys.stdout.flush()
`;

/** The interpreter and script of a helper: python3 when installed (a tenth of Node's memory), else Node. */
export function helperArgv(dir: string, which: 'listen' | 'probe'): string[] {
  const py = ['/usr/bin/python3', '/bin/python3'].find((p) => existsSync(p));
  if (py) {
    writeFileSync(join(dir, `${which}.py`), which === 'listen' ? LISTENER_PY : PROBER_PY, { mode: 0o644 });
    return [py, '-I', '-S', join(dir, `${which}.py`)];
  }
  writeFileSync(join(dir, `${which}.js`), which === 'listen' ? LISTENER_SCRIPT : PROBER_SCRIPT, { mode: 0o644 });
  return [process.execPath, join(dir, `${which}.js`)];
}

export interface MatrixReport {
  add(id: string, data: Record<string, string | number>, severity: 'error' | 'info'): void;
}

export interface UfwContext {
  box: Sandbox;
  model: Model;
  hosts: HostPlan[];
  addressMap: ReadonlyMap<string, string>;
  changes: Change[];
  signal?: AbortSignal;
  res: MatrixReport;
}

/**
 * bubblewrap's arguments for ufw in a staging namespace (entered by nsenter): uid 0 but no capability other
 * than CAP_NET_ADMIN and CAP_NET_RAW (iptables in that namespace), a file system of its own (the distribution's
 * read-only files, the private /etc/ufw and /etc/default copies, the driver's folder, scratch /run and /tmp),
 * no other process. One process sets it all up: a shell entering the host's mount namespace runs some forty
 * (about 0.4 s, and mounts are serialised across hosts).
 */
export function ufwSandboxArgs(
  host: string,
  dir: string,
  alternatives?: string,
  /** bwrap started as nobody: a user namespace of its own, uid 0 there, and a network namespace it owns */
  unprivileged = false,
): string[] {
  const args = [
    ...(unprivileged
      ? ['--unshare-all', '--uid', '0', '--gid', '0']
      : ['--unshare-ipc', '--unshare-pid', '--unshare-uts', '--unshare-cgroup-try']),
    '--die-with-parent',
    '--new-session',
    '--hostname',
    host,
    ...rootArgs(),
  ];
  // (iptables is a link through /etc/alternatives; ufw and iptables read protocol and service names)
  if (alternatives) args.push('--ro-bind', alternatives, '/etc/alternatives');
  for (const f of [
    '/etc/ld.so.cache',
    '/etc/localtime',
    ...(alternatives ? [] : ['/etc/alternatives']),
    '/etc/protocols',
    '/etc/services',
    '/etc/passwd',
    '/etc/group',
    '/etc/nsswitch.conf',
  ])
    args.push('--ro-bind-try', f, f);
  args.push(
    '--bind',
    dir,
    '/srv/web-infra-lab-ufw',
    '--bind',
    join(dir, 'etc-ufw'),
    '/etc/ufw',
    '--bind',
    join(dir, 'etc-default'),
    '/etc/default',
    '--tmpfs',
    '/run',
    '--tmpfs',
    '/tmp',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--cap-drop',
    'ALL',
    '--cap-add',
    'CAP_NET_ADMIN',
    '--cap-add',
    'CAP_NET_RAW',
    '--chdir',
    '/',
  );
  return args;
}

/**
 * The machine's /etc/alternatives without ip6tables (links only, in `dest`): the sandbox is IPv4 only, and
 * with IPV6=no but ip6tables present ufw-init still flushes, zeroes and deletes its 32 IPv6 chains one
 * ip6tables run at a time (some 80 runs, 0.7 s a host). Without it, ufw does what it does on a kernel
 * without IPv6; its IPv4 rules are the same (test/live/ufw-driver.test.ts).
 */
export function ipv4OnlyAlternatives(dest: string): string | undefined {
  try {
    mkdirSync(dest, { recursive: true });
    for (const name of readdirSync('/etc/alternatives')) {
      if (/^ip6tables/.test(name)) continue;
      try {
        symlinkSync(readlinkSync(join('/etc/alternatives', name)), join(dest, name));
      } catch {
        /* not a link, or made already */
      }
    }
    return dest;
  } catch {
    return undefined;
  }
}

const NOBODY = 65534;

/** Gives a folder (and what is in it, links aside) to `uid`. */
function chownTree(path: string, uid: number): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  chownSync(path, uid, uid);
  if (st.isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), uid);
}

/** What staging left for `installUfw`: the namespace each host's ufw ran in. */
export interface StagedUfw {
  /** `saved`: the rules ufw made, as iptables-save printed them (unprivileged run); `staging`: the namespace
   *  holding them (the root fallback, without unprivileged user namespaces). */
  hosts: Array<{
    host: string;
    dir: string;
    saved?: string;
    /** An nftables ruleset as `nft list ruleset` printed it (a firewall written for nft). */
    savedNft?: string;
    staging?: string;
    unprivileged: boolean;
  }>;
}

const ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C', HOME: '/tmp' };

/**
 * The learner's ufw commands (addresses mapped onto the sandbox's), run by the real ufw (UFW_DRIVER) for each
 * host in a staging network namespace of its own, with a private /etc/ufw, /etc/default and /run: ufw's work
 * (a Python start and some 70 iptables runs per host, seconds in all) can run while the servers start and
 * the HTTPS probes run unfiltered. A command ufw refuses, or a host without one, is reported to `res`.
 */
export async function stageUfw(ctx: UfwContext): Promise<StagedUfw> {
  const { box, model, changes, signal, res } = ctx;
  const staged: StagedUfw = { hosts: [] };
  const runs = new Map<
    string,
    Promise<{
      staging?: string;
      saved?: string;
      savedNft?: string;
      dir: string;
      output: string;
      code: number | null;
      host: string;
      unprivileged: boolean;
    }>
  >();
  const alternatives = ipv4OnlyAlternatives(box.hostDir('_ufw', 'alternatives'));
  await Promise.all(
    ctx.hosts.map(async (h) => {
      const m = model.hosts[h.name];
      const cmds = m ? commandsOf(m) : [];
      const argvs: string[][] = [];
      let forced = 0;
      for (const c of cmds) {
        let words = c.argv.slice(1).map((w) => mapAddresses(w, ctx.addressMap).text);
        if (!UFW_VERBS.has(words.find((w) => !w.startsWith('-')) ?? '')) continue;
        if (words.includes('--dry-run')) continue;
        const verb = words.find((w) => !w.startsWith('-'));
        if ((verb === 'enable' || verb === 'reset') && !words.includes('--force') && !words.includes('-f')) {
          words = ['--force', ...words];
          forced++;
        }
        argvs.push(words);
      }
      // no ufw command: a plain iptables firewall (a dump restored, iptables commands) is loaded as it is
      const entries: Array<
        | string[]
        | { tool: 'iptables'; argv: string[] }
        | { tool: 'iptables-restore'; file: string }
        | { tool: 'nft'; file: string }
      > = [...argvs];
      const texts: string[] = argvs.map((a) => `ufw ${a.join(' ')}`);
      const dumps: Array<{ file: string; text: string }> = [];
      if (!argvs.length && m) {
        const ipt = iptablesSources(m);
        ipt.nft.forEach((d, k) => {
          const file = `nft-${k}.nft`;
          dumps.push({ file, text: mapAddresses(d.text, ctx.addressMap).text });
          entries.push({ tool: 'nft', file });
          texts.push(`nft -f ${d.name}`);
        });
        ipt.dumps.forEach((d, k) => {
          const file = `dump-${k}.rules`;
          dumps.push({ file, text: mapAddresses(d.text, ctx.addressMap).text });
          entries.push({ tool: 'iptables-restore', file });
          texts.push(`iptables-restore < ${d.name}`);
        });
        for (const c of ipt.commands) {
          const words = c.argv.slice(1).map((w) => mapAddresses(w, ctx.addressMap).text);
          entries.push({ tool: 'iptables', argv: words });
          texts.push(`iptables ${words.join(' ')}`);
        }
      }
      if (!entries.length) {
        res.add('no-firewall', { host: h.name }, 'error');
        return;
      }
      // hosts with the same commands (two web servers) share one ufw run: the rules are the same
      const key = JSON.stringify([entries, dumps]);
      const first = runs.get(key);
      const run =
        first ??
        (async () => {
          const dir = box.hostDir(h.name, 'ufw');
          cpSync('/etc/ufw', join(dir, 'etc-ufw'), { recursive: true });
          cpSync('/etc/default', join(dir, 'etc-default'), { recursive: true });
          // the sandbox's network is IPv4 only (and its ip6tables is hidden: ipv4OnlyAlternatives)
          const def = join(dir, 'etc-default', 'ufw');
          if (existsSync(def)) writeFileSync(def, readFileSync(def, 'utf8').replace(/^IPV6=.*$/m, 'IPV6=no'));
          mkdirSync(join(dir, 'run'), { recursive: true });
          writeFileSync(join(dir, 'apply.py'), UFW_DRIVER, { mode: 0o644 });
          writeFileSync(join(dir, 'commands.json'), JSON.stringify(entries), { mode: 0o644 });
          for (const d of dumps) writeFileSync(join(dir, d.file), d.text, { mode: 0o644 });
          const driver = ['python3', '/srv/web-infra-lab-ufw/apply.py', '/srv/web-infra-lab-ufw/commands.json'];
          const bwrap = findTool('bwrap');
          // WEB_INFRA_LAB_UFW_STAGING=root: the root staging namespace even where user namespaces work (what a
          // machine without them gets; its tests set it)
          if (bwrap && process.getuid?.() === 0 && process.env.WEB_INFRA_LAB_UFW_STAGING !== 'root') {
            // unprivileged: bwrap started as nobody, uid 0 only in a user namespace of its own, in a network
            // namespace that namespace owns; ufw's rules come back as iptables-save prints them
            chownTree(dir, NOBODY);
            const u = await box.group.run(
              `${h.name}/ufw`,
              [
                'setpriv',
                `--reuid=${NOBODY}`,
                `--regid=${NOBODY}`,
                '--clear-groups',
                bwrap,
                ...ufwSandboxArgs(h.name, dir, alternatives, true),
                '--',
                ...driver,
                '--save',
              ],
              { timeoutMs: 60_000, signal, env: ENV },
            );
            const at = u.output.indexOf('@@RULES\n');
            if (at >= 0) {
              const saved = join(dir, 'saved.v4');
              const nftAt = u.output.indexOf('@@NFT\n', at);
              writeFileSync(saved, u.output.slice(at + '@@RULES\n'.length, nftAt >= 0 ? nftAt : undefined), {
                mode: 0o600,
              });
              let savedNft: string | undefined;
              if (nftAt >= 0) {
                savedNft = join(dir, 'saved.nft');
                writeFileSync(savedNft, u.output.slice(nftAt + '@@NFT\n'.length), { mode: 0o600 });
              }
              return {
                saved,
                savedNft,
                dir,
                output: u.output.slice(0, at),
                code: u.code,
                host: h.name,
                unprivileged: true,
              };
            }
            // no user namespaces here (bwrap says so): the root staging namespace below
            if (!/^bwrap: /m.test(u.output))
              return {
                dir,
                // (reported as ufw-failed below: no DONE, or no rules to move)
                output: /DONE/.test(u.output) ? `${u.output}\nFAILED -1 iptables-save printed nothing` : u.output,
                code: u.code,
                host: h.name,
                unprivileged: true,
              };
          }
          const staging = await box.addNetns(`fw-${h.name}`);
          const r = await box.group.run(
            `${h.name}/ufw`,
            bwrap
              ? [
                  'nsenter',
                  `--net=/run/netns/${staging}`,
                  bwrap,
                  ...ufwSandboxArgs(h.name, dir, alternatives),
                  '--',
                  ...driver,
                ]
              : box.onHost(
                  h.name,
                  driver,
                  [
                    { src: dir, target: '/srv/web-infra-lab-ufw' },
                    { src: join(dir, 'etc-ufw'), target: '/etc/ufw' },
                    { src: join(dir, 'etc-default'), target: '/etc/default' },
                    { src: join(dir, 'run'), target: '/run' },
                  ],
                  { hostname: h.name, netns: staging },
                ),
            { timeoutMs: 60_000, signal, env: ENV },
          );
          return { staging, dir, output: r.output, code: r.code, host: h.name, unprivileged: false };
        })();
      if (!first) runs.set(key, run);
      const { staging, saved, savedNft, dir, output, code, host: ranOn, unprivileged } = await run;
      const r = { output, code };
      for (const line of r.output.split('\n')) {
        const f = /^FAILED (-?\d+) (.*)$/.exec(line);
        if (f)
          res.add(
            'ufw-failed',
            {
              host: h.name,
              command: f[1] === '-1' ? 'iptables-save' : (texts[Number(f[1])] ?? 'ufw'),
              error: f[2].trim().slice(0, 200),
            },
            'error',
          );
      }
      if (!/DONE/.test(r.output))
        res.add(
          'ufw-failed',
          { host: h.name, command: 'ufw', error: r.output.trim().slice(-200) || `exit ${r.code}` },
          'error',
        );
      if (saved || staging) staged.hosts.push({ host: h.name, staging, saved, savedNft, dir, unprivileged });
      changes.push({
        host: h.name,
        what: `${argvs.length ? `your ${argvs.length} ufw commands applied by the real ufw` : `your firewall (${texts.length > 3 ? `${texts.slice(0, 3).join('; ')}; ...` : texts.join('; ')}) loaded by the real ${texts.some((x) => x.startsWith('nft')) ? 'nft' : 'iptables'}`} (${unprivileged ? 'as nobody, root only in a user namespace of its own with CAP_NET_ADMIN and CAP_NET_RAW over its own network namespace' : 'as root with no capability but CAP_NET_ADMIN and CAP_NET_RAW, in a network namespace of its own'} for ${h.name} with a private copy of /etc/ufw and /etc/default, IPV6=no and no ip6tables: the sandbox is IPv4 only), then its rules moved into ${h.name}'s namespace (iptables-save | iptables-restore) with ufw's sysctl settings${ranOn !== h.name ? ` (the same commands as ${ranOn}: ufw ran once for both)` : ''}${forced ? `; \`--force\` added to ${forced} (no one answers ufw's prompt here)` : ''}`,
      });
    }),
  );
  return staged;
}

/**
 * Moves what ufw made in each staging namespace into the host's own: the iptables rules (iptables-save |
 * iptables-restore: every table, policies included) and ufw's sysctl settings (ufw-init's `sysctl -p` of its
 * IPT_SYSCTL file, the private copy). Returns the hosts whose firewall is now in place.
 */
export async function installUfw(box: Sandbox, staged: StagedUfw, signal?: AbortSignal): Promise<string[]> {
  const done: string[] = [];
  await Promise.all(
    staged.hosts.map(async ({ host, staging, saved, savedNft, dir }) => {
      const ns = box.hosts.get(host)?.ns;
      if (!ns) return;
      const defaults = (() => {
        try {
          return readFileSync(join(dir, 'etc-default', 'ufw'), 'utf8');
        } catch {
          return '';
        }
      })();
      const sysctlFile = /^IPT_SYSCTL=["']?\/etc\/ufw\/([\w.-]+)["']?\s*$/m.exec(defaults)?.[1];
      const sysctl = sysctlFile ? join(dir, 'etc-ufw', sysctlFile) : undefined;
      // (a file per host: two hosts may share one staging namespace; the rule count is checked after)
      const rules = join(box.hostDir(host, 'ufw'), 'rules.v4');
      const script = [
        'set -e',
        saved ? 'cp "$5" "$3"' : 'ip netns exec "$1" iptables-save > "$3"',
        'ip netns exec "$2" iptables-restore < "$3"',
        'want=$(grep -c "^-A" "$3" || true)',
        'got=$(ip netns exec "$2" iptables-save | grep -c "^-A" || true)',
        '[ "$want" = "$got" ] || { echo "$got of $want rules in place"; exit 1; }',
        ...(savedNft ? ['ip netns exec "$2" nft -f "$6"', '[ -n "$(ip netns exec "$2" nft list ruleset)" ]'] : []),
        ...(sysctl && existsSync(sysctl) ? ['ip netns exec "$2" sysctl -e -q -p "$4" || true'] : []),
        'echo INSTALLED',
      ].join('\n');
      const r = await box.group.run(
        `${host}/ufw-install`,
        ['sh', '-c', script, 'sh', staging ?? '', ns, rules, sysctl ?? '', saved ?? '', savedNft ?? ''],
        {
          timeoutMs: 20_000,
          signal,
          env: ENV,
        },
      );
      if (/INSTALLED/.test(r.output)) done.push(host);
      else throw new Error(`${host}'s firewall could not be moved into its namespace: ${r.output.trim().slice(-200)}`);
    }),
  );
  return done;
}

/** stageUfw then installUfw (live/metrics alone, and the matrix when nothing was staged beforehand). */
export async function applyUfw(ctx: UfwContext): Promise<string[]> {
  return installUfw(ctx.box, await stageUfw(ctx), ctx.signal);
}

/** The hosts whose firewall the matrix tries: those it connects to. */
export function matrixHosts(hosts: HostPlan[], appPort: number, monitor?: string): HostPlan[] {
  const cells = labMatrix(hosts, appPort, monitor);
  return hosts.filter((h) => cells.some((c) => c.to === h.name));
}

/**
 * Applies each host's ufw commands in its namespace, starts the listeners, probes the matrix.
 * `ok`: every cell as the lab expects (findings added to `res` either way).
 */
export async function runFirewallMatrix(ctx: {
  box: Sandbox;
  model: Model;
  hosts: HostPlan[];
  addressMap: Map<string, string>;
  appPort: number;
  /** The lab's monitoring host (its spec role `monitor`). */
  monitor?: string;
  changes: Change[];
  signal?: AbortSignal;
  res: MatrixReport;
  mark?: (what: string, since: number) => void;
  /** The firewalls staged beforehand (stageUfw over matrixHosts), installed here. */
  staged?: Promise<StagedUfw>;
}): Promise<void> {
  const mark = ctx.mark ?? (() => undefined);
  let t = Date.now();
  const { box, model, hosts, changes, signal, res } = ctx;
  const TIMEOUT = 700;
  const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C', HOME: '/tmp' };
  // 1. the real ufw in each host's namespace
  const cells = labMatrix(hosts, ctx.appPort, ctx.monitor);
  // only the hosts the matrix connects to (each ufw command is a Python start: about 0.3 s)
  const filtered = ctx.staged
    ? await installUfw(box, await ctx.staged, signal)
    : await applyUfw({ ...ctx, hosts: matrixHosts(hosts, ctx.appPort, ctx.monitor) });

  mark('firewall_ufw', t);
  t = Date.now();
  // 2. listeners behind each firewall, on the matrix's ports (a running server keeps its own)
  const listeners: ManagedProcess[] = [];
  const listenDir = box.hostDir('_firewall');
  const listen = helperArgv(listenDir, 'listen');
  const probe = helperArgv(listenDir, 'probe');
  for (const h of hosts) {
    const ports = [...new Set(cells.filter((c) => c.to === h.name).map((c) => c.port))];
    if (!ports.length) continue;
    const p = box.group.spawn(`${h.name}/listener`, box.inNet(h.name, [...listen, ...ports.map(String)]), {
      env,
      graceMs: 300,
    });
    listeners.push(p);
  }
  await Promise.all(
    listeners.map((p) =>
      waitFor(`${p.name} ready`, () => /READY/.test(p.output()) || undefined, {
        timeoutMs: 5000,
        signal,
        watch: [p],
      }),
    ),
  );

  mark('firewall_listeners', t);
  t = Date.now();
  // 3. the probes, each source at once
  const addr = (name: string): string => hosts.find((h) => h.name === name)!.address;
  const sources = [...new Set(cells.map((c) => c.from))];
  const seen = new Map<string, string>();
  await Promise.all(
    sources.map(async (src) => {
      const mine = cells.filter((c) => c.from === src);
      const targets = [...new Set(mine.map((c) => `${addr(c.to)}:${c.port}`))];
      const ns = src === 'internet' ? 'client' : src;
      const r = await box.group.run(`${ns}/probe-ports`, box.inNet(ns, [...probe, String(TIMEOUT), ...targets]), {
        timeoutMs: 20_000,
        signal,
        env,
      });
      let out: Record<string, string> = {};
      try {
        out = JSON.parse(r.output.trim().split('\n').pop() ?? '{}') as Record<string, string>;
      } catch {
        out = {};
      }
      for (const c of mine) seen.set(`${c.from}>${c.to}:${c.port}`, out[`${addr(c.to)}:${c.port}`] ?? 'no result');
    }),
  );
  mark('firewall_probes', t);
  for (const p of listeners) await box.group.stop(p).catch(() => undefined);

  // 4. the verdicts, with the rule your files say decides each
  let bad = 0;
  for (const c of cells) {
    const got = seen.get(`${c.from}>${c.to}:${c.port}`) ?? 'no result';
    const open = got === 'open';
    if (open === (c.want === 'open')) continue;
    bad++;
    const to = model.hosts[c.to];
    const from = c.from === 'internet' ? 'internet' : model.hosts[c.from];
    const v = to && from ? verdict(to, { from, proto: 'tcp', port: c.port }) : undefined;
    const what = `${c.from === 'internet' ? 'the internet' : c.from} -> ${c.to}:${c.port}/tcp (${got})`;
    // let in by the target's rules, but its answer dropped by the client's own (no ESTABLISHED accept there)
    const client = from !== 'internet' ? from : undefined;
    const back = !open && v?.verdict === 'allow' && client && to ? replyDropped(client, to, c.port) : undefined;
    const why =
      back && client && to
        ? `${to.name} lets it in, but ${client.name}'s own rules drop the answer (${back.by}; see firewall/replies-allowed)`
        : (v?.why ?? 'no firewall file');
    res.add(open ? 'open' : 'blocked', { what, reason: c.reason, why }, 'error');
  }
  if (!bad) res.add('matrix', { count: cells.length, ms: TIMEOUT, hosts: filtered.join(', ') || 'no host' }, 'info');
}
