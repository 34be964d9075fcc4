/**
 * Builds the topology model from a submission tree: each file decoded and sniffed by content,
 * scripts reconstructed (their outputs sniffed too), everything parsed exactly once, grouped by
 * host; the inventory and answers read; files that fit nowhere listed.
 */
import { type Diagnostic, type SourceFile, type Span, decodeText, LineCounter } from '../source';
import { type FileTree, MemoryTree, basename } from '../vfs';
import type { LabSpec } from '../spec/types';
import type { AppUnit, HostModel, Inventory, Model, ModelFile, YamlData } from './types';
import { haproxyOf, mycnfOf, nginxOf, scriptOf, sniffText, sqlOf } from './parsers';
import { readYaml, type YamlReader } from './yaml';
import { stripTerminalArtefacts } from './artefacts';
import { stockConfig } from './script-support';
import { readInventory } from './inventory';
import { learnerSpan } from './spans';
import { parseRegistered, registeredKind, registeredKinds, sniffRegistered } from '../kinds';

/**
 * What a script's target path says the file is, before its content: `home` is true when the path
 * is where the service reads that kind of file (/etc/haproxy/*.cfg, /etc/nginx/..., /etc/mysql/...,
 * /etc/systemd/system/...). `other` is a file that is not a configuration the lab reads (a web
 * page, /etc/default/*, text, data, code): never handed to a parser. Undefined: the content decides.
 */
function kindFromTarget(target: string): { kind: string; home: boolean } | undefined {
  // a registered kind's own paths first (a lab's keepalived.conf is never a page or /etc/default/*)
  for (const k of registeredKinds()) if (k.targets?.some((r) => r.test(target))) return { kind: k.id, home: true };
  const base = target.slice(target.lastIndexOf('/') + 1).toLowerCase();
  // `echo ... >> sudo tee -a /etc/haproxy/haproxy.cfg` writes a file named sudo in the working folder: a slip,
  // never the service's configuration (the configuration stays as it was)
  if (base === 'sudo' || base === 'tee') return { kind: 'other', home: false };
  // nginx reads every file of sites-enabled/ (a `default.bak` there is a second site) and conf.d/*.conf
  if (/^\/etc\/nginx\/(sites-enabled\/[^/]+|conf\.d\/[^/]*\.conf)$/.test(target)) return { kind: 'nginx', home: true };
  // not configurations, wherever they are: pages, data, code, keys, logs
  if (
    /\.(html?|xhtml|txt|md|json|ya?ml|xml|csv|py|js|mjs|ts|php|rb|pl|css|svg|png|jpe?g|gif|ico|pem|crt|key|csr|log|pid|sock|http|tar|gz|zip|bak|orig|dpkg-old|old|default|sh|bash)$/.test(
      base,
    )
  )
    return { kind: 'other', home: false };
  if (/^\/(var\/www|srv|usr\/share\/nginx|var\/log|run|proc|sys|dev)\//.test(target) || /\/html\//.test(target))
    return { kind: 'other', home: false };
  if (
    /^\/etc\/(default|hosts$|hostname$|environment$|profile|bash|sudoers|cron|logrotate|ssh\/|ssl\/|letsencrypt\/|apt\/|security\/|rsyslog|resolv)/.test(
      target,
    )
  )
    return { kind: 'other', home: false };
  if (/^\/etc\/haproxy\/[^/]*\.cfg$/.test(target)) return { kind: 'haproxy', home: true };
  if (/haproxy\.cfg$/.test(base)) return { kind: 'haproxy', home: false };
  if (/^\/etc\/nginx\//.test(target)) return { kind: 'nginx', home: true };
  if (/^\/etc\/(mysql\/.*|my\.cnf)$/.test(target) && !/\.sql$/.test(base)) return { kind: 'mycnf', home: true };
  if (/\.cnf$/.test(base)) return { kind: 'mycnf', home: false };
  if (/\.sql$/.test(base)) return { kind: 'sql', home: false };
  if (/^\/(etc|lib|usr\/lib)\/systemd\/system\/.*\.(service|socket|timer)$/.test(target))
    return { kind: 'systemd', home: true };
  if (/\.(service|socket|timer)$/.test(base)) return { kind: 'systemd', home: false };
  if (/^\/etc\/(ufw|iptables|nftables)/.test(target)) return { kind: 'firewall', home: true };
  return undefined;
}

/** A package's configuration as installed, for a script that installs it and leaves it as shipped. */
const INSTALLED_CONFIG: Array<{ packages: RegExp; kind: string; path: string; removedBy: string[] }> = [
  {
    packages: /^nginx(-(full|light|extras|core))?$/,
    kind: 'nginx',
    path: '/etc/nginx/sites-available/default',
    removedBy: ['/etc/nginx/sites-enabled/default', '/etc/nginx/sites-available/default'],
  },
  { packages: /^haproxy$/, kind: 'haproxy', path: '/etc/haproxy/haproxy.cfg', removedBy: ['/etc/haproxy/haproxy.cfg'] },
];

/**
 * The package a script's edit of one of its shipped files shows installed (`sed -i` on the stock
 * /etc/nginx/nginx.conf): the file keeps lines of the stock one and was changed by a step of the script.
 */
function editedStock(
  files: ReadonlyArray<{ target: string; origin?: SourceFile['origin']; steps: Array<{ op: string; span: Span }> }>,
  ic: (typeof INSTALLED_CONFIG)[number],
): { name: string; span: Span } | undefined {
  const dir = ic.path.slice(0, ic.path.indexOf('/', 5) + 1);
  for (const rf of files) {
    if (!rf.target.startsWith(dir)) continue;
    const stock = stockConfig(rf.target);
    const step = rf.steps.find((st) => st.op !== 'stock');
    if (!stock || !step || !rf.origin?.some((o) => o?.file === stock.origin)) continue;
    return { name: `${dir.split('/')[2]}, whose ${rf.target} the script edits`, span: step.span };
  }
  return undefined;
}

/** Kinds whose files may carry terminal artefacts worth removing (configurations and SQL). */
const ARTEFACT_KINDS = new Set(['haproxy', 'nginx', 'mycnf', 'sql']);

function isReadme(path: string): boolean {
  return /^(readme|notes|license)(\.[a-z]+)?$/i.test(basename(path));
}

export interface BuildOptions {
  /** The full YAML reader for answers/inventory files beyond the simple subset (see model/yaml.ts). */
  yaml?: YamlReader;
  /**
   * A time budget for reading the submission (issue 12): with a clock, the files not reached when it runs
   * out are not read, each with an error diagnostic (`file/time-budget`). The parsers bound their own work;
   * this stops a submission of many large files. The core reads no clock of its own.
   */
  budget?: { clock: () => number; ms: number };
}

export function buildModel(
  tree: FileTree,
  lab: LabSpec,
  loadDiagnostics: Diagnostic[] = [],
  opts: BuildOptions = {},
): Model {
  const diagnostics: Diagnostic[] = [...loadDiagnostics];
  const sources = new Map<string, SourceFile>();
  const files: ModelFile[] = [];
  const unrecognised: Model['unrecognised'] = [];
  const hosts: Record<string, HostModel> = {};
  // Kinds each role's folder may hold (the spec's `roles:`); others are reported as misplaced.
  const roleKinds = new Map(Object.entries(lab.roles ?? {}).map(([role, r]) => [role, new Set(r.kinds)]));
  for (const h of lab.hosts) {
    hosts[h.name] = {
      name: h.name,
      role: h.role,
      address: h.address,
      addressOrigin: 'default',
      optional: h.optional,
      present: false,
      files: [],
      haproxy: [],
      nginx: [],
      mycnf: [],
      sql: [],
      scripts: [],
      app: [],
      units: {},
    };
  }
  const hostOf = (path: string): string | undefined => {
    const seg = path.split('/')[0];
    if (!path.includes('/')) return undefined;
    if (hosts[seg]) return seg;
    const lower = seg.toLowerCase().replace(/_/g, '-');
    return Object.keys(hosts).find((h) => h === lower || h.replace(/-/g, '') === lower.replace(/-/g, ''));
  };

  // Reconstructed files live in their own tree so that nginx/mycnf includes resolve among them.
  let answers: YamlData | undefined;
  let inventoryData: YamlData | undefined;
  const nginxCandidates = new Map<string, { tree: FileTree; paths: string[] }>();
  /** A script's Nginx file under the name of a link to it (sites-enabled/default): link copy -> the file. */
  const linkCopies = new Map<string, string>();
  const linkedFiles = new Map<string, ModelFile>();

  const place = (mf: ModelFile, tree0: FileTree) => {
    files.push(mf);
    sources.set(mf.path, mf.source);
    const host = mf.host ? hosts[mf.host] : undefined;
    if (mf.kind === 'answers' || mf.kind === 'inventory' || (mf.kind === 'yaml' && !host)) return;
    if (!host) {
      if (isReadme(mf.path) || mf.kind === 'readme') return;
      unrecognised.push({ file: mf, reason: mf.kind === 'unknown' ? 'unknown-content' : 'no-host' });
      return;
    }
    host.present = true;
    host.files.push(mf);
    const allowed = roleKinds.get(host.role) ?? new Set<string>();
    if (mf.kind === 'unknown' && !allowed.has('unknown')) {
      if (!isReadme(mf.path)) unrecognised.push({ file: mf, reason: 'unknown-content' });
      return;
    }
    if (!allowed.has(mf.kind)) {
      if (mf.kind !== 'readme') unrecognised.push({ file: mf, reason: 'unexpected-kind' });
      return;
    }
    switch (mf.kind) {
      case 'haproxy': {
        const r = haproxyOf(mf.path, mf.source.text);
        host.haproxy.push({ host: host.name, file: mf, config: r.ast, diagnostics: r.diagnostics });
        break;
      }
      case 'nginx': {
        const key = mf.fromScript ? `${host.name}\0${mf.fromScript}` : host.name;
        const c = nginxCandidates.get(key) ?? { tree: tree0, paths: [] };
        c.paths.push(mf.path);
        nginxCandidates.set(key, c);
        break;
      }
      case 'mycnf': {
        const r = mycnfOf(tree0, mf.path);
        host.mycnf.push({ host: host.name, file: mf, cnf: r.ast, diagnostics: r.diagnostics });
        break;
      }
      case 'sql': {
        const r = sqlOf(mf.path, mf.source.text);
        host.sql.push({ host: host.name, file: mf, script: r.ast, diagnostics: r.diagnostics });
        break;
      }
      case 'systemd':
      default: {
        const def = registeredKind(mf.kind);
        if (def) {
          const r = parseRegistered(def, mf.source);
          (host.units[mf.kind] ??= []).push({ host: host.name, file: mf, ast: r.ast, diagnostics: r.diagnostics });
        } else if (host.role === 'app') host.app.push(appUnit(host.name, mf));
        break;
      }
    }
  };

  // Learner files with terminal artefacts (a pasted prompt, nano's bars) are parsed without them.
  const cleaned = new Map<string, Uint8Array>();
  const srcTree: FileTree = { list: () => tree.list(), read: (p) => cleaned.get(p) ?? tree.read(p) };
  const budgetStart = opts.budget?.clock();
  const paths = tree.list();
  for (let pi = 0; pi < paths.length; pi++) {
    const path = paths[pi];
    if (opts.budget && budgetStart !== undefined && opts.budget.clock() - budgetStart > opts.budget.ms) {
      const secs = Math.round(opts.budget.ms / 100) / 10;
      for (const rest of paths.slice(pi))
        diagnostics.push({
          code: 'file/time-budget',
          severity: 'error',
          message: `${rest} was not read: reading this submission took longer than its ${secs} s budget before this file was reached`,
          span: { file: rest, line: 1, column: 1 },
          hint: 'The checker gives every submission a time budget. Fewer or smaller files fit in it; if yours are ordinary, this is a bug in web-infra-lab: please report it.',
        });
      break;
    }
    const bytes = tree.read(path);
    if (!bytes) continue;
    const dec = decodeText(path, bytes);
    diagnostics.push(...dec.diagnostics.filter((d) => d.severity !== 'info'));
    const source: SourceFile = { path, text: dec.text };
    let artefactSniff: ReturnType<typeof sniffText> | undefined;
    if (!dec.binary && dec.text.length) {
      const art = stripTerminalArtefacts(path, dec.text);
      if (art.diagnostics.length) {
        const sn = sniffText(path, art.text);
        if (ARTEFACT_KINDS.has(sn.kind)) {
          source.text = art.text;
          cleaned.set(path, new TextEncoder().encode(art.text));
          diagnostics.push(...art.diagnostics);
          artefactSniff = sn;
        }
      }
    }
    const host = hostOf(path);
    if (dec.binary || (dec.text.length === 0 && bytes.length > 0)) {
      const mf: ModelFile = { path, host, kind: 'unknown', confidence: 1, reason: 'binary file', source };
      files.push(mf);
      sources.set(path, source);
      unrecognised.push({ file: mf, reason: 'unknown-content' });
      continue;
    }
    const name = basename(path).toLowerCase();
    let s = artefactSniff ?? sniffText(path, dec.text);
    if (s.kind === 'unknown') s = sniffRegistered(path, dec.text) ?? s;
    if (!host && isReadme(path))
      s = { kind: 'readme', confidence: 1, reason: 'a README or notes file at the top of the submission' };
    else if (!host && /^answers\.ya?ml$/.test(name))
      s = { kind: 'answers', confidence: 1, reason: 'answers.yaml at the top of the submission' };
    else if (!host && /^inventory\.ya?ml$/.test(name))
      s = { kind: 'inventory', confidence: 1, reason: 'inventory.yaml at the top of the submission' };
    const mf: ModelFile = { path, host, kind: s.kind, confidence: s.confidence, reason: s.reason, source };
    if (mf.kind === 'answers' && !host) {
      answers = readYaml(path, dec.text, opts.yaml);
    } else if (mf.kind === 'inventory' && !host) {
      inventoryData = readYaml(path, dec.text, opts.yaml);
    }
    if (mf.kind === 'shell') {
      files.push(mf);
      sources.set(path, source);
      const rec = scriptOf(path, dec.text);
      const hm = host ? hosts[host] : undefined;
      if (hm) {
        hm.present = true;
        hm.files.push(mf);
        hm.scripts.push({ host, file: mf, reconstruction: rec });
      } else unrecognised.push({ file: mf, reason: 'no-host' });
      const outTree = new MemoryTree();
      const outs: ModelFile[] = [];
      // The target path decides first (a page under /var/www/html is never an Nginx config, whatever
      // it holds; /etc/haproxy/haproxy.cfg is HAProxy's even if garbled), then the content. A file
      // outside the service's own folder (a scratch `tmp`, /tmp/haproxy.cfg) counts only when the
      // script writes no file of that kind where the service reads it.
      const byTargets = rec.files.map((rf) => kindFromTarget(rf.target));
      // Debian's HAProxy reads /etc/haproxy/haproxy.cfg (its unit's CONFIG): beside it, another .cfg there (a
      // backup copy made with cp) is not read
      if (rec.files.some((rf) => rf.target === '/etc/haproxy/haproxy.cfg'))
        rec.files.forEach((rf, i) => {
          if (rf.target !== '/etc/haproxy/haproxy.cfg' && byTargets[i]?.kind === 'haproxy')
            byTargets[i] = { kind: 'other', home: false };
        });
      const homeKinds = new Set(byTargets.filter((b) => b?.home).map((b) => b!.kind));
      const outputs: Array<{
        target: string;
        text: string;
        origin?: SourceFile['origin'];
        steps: unknown;
        installed?: string;
      }> = rec.files.map((rf) => ({ target: rf.target, text: rf.text, origin: rf.origin, steps: rf.steps }));
      // A script that installs a service and never writes its configuration leaves the one the
      // package ships (HAProxy's stock haproxy.cfg): that is what runs. Nginx's default site stays enabled
      // beside whatever the script writes until the script removes or replaces it: the stock nginx.conf reads it
      // through `include /etc/nginx/sites-enabled/*;` with the script's own sites (its `default_server` answers
      // first, and a second `default_server` on the same port stops nginx).
      for (const ic of INSTALLED_CONFIG) {
        // (`apt-get install haproxy=2.8.*` or `haproxy/bookworm-backports` pins a version or a release: still the package)
        // A script that edits a file the package ships (`sed -i ... /etc/nginx/nginx.conf`) runs where it is
        // installed, even when the script does not install it itself
        const pkg =
          rec.packages.find((p) => ic.packages.test(p.name.replace(/[=/].*$/, ''))) ?? editedStock(rec.files, ic);
        const stock = stockConfig(ic.path);
        // (an nginx.conf of the script's own that does not include sites-enabled/ never reads the default site)
        const written =
          homeKinds.has(ic.kind) &&
          (ic.kind !== 'nginx' ||
            rec.files.some(
              (rf) =>
                rf.target === '/etc/nginx/nginx.conf' &&
                !/^[ \t]*include[ \t]+["']?\/etc\/nginx\/sites-enabled\//m.test(rf.text),
            ));
        if (!pkg || !stock || written || rec.files.some((rf) => rf.target === ic.path)) continue;
        if (rec.removed.some((r) => ic.removedBy.includes(r.path))) continue;
        const lines = stock.text.replace(/\n$/, '').split('\n');
        outputs.push({
          target: ic.path,
          text: stock.text,
          origin: lines.map((_, i) => ({ file: stock.origin, line: i + 1 })),
          steps: [{ op: 'stock', span: pkg.span }],
          installed: pkg.name,
        });
        byTargets.push({ kind: ic.kind, home: true });
      }
      outputs.forEach((rf, i) => {
        const rpath = `${path}#${rf.target}`;
        let sn = sniffText(rf.target, rf.text);
        if (sn.kind === 'unknown') sn = sniffRegistered(rf.target, rf.text) ?? sn;
        const byTarget = byTargets[i];
        let kind: string;
        // (on an application server every file may say where the app listens: the content decides)
        if (byTarget && (byTarget.home || (byTarget.kind === 'other' && hm?.role !== 'app'))) kind = byTarget.kind;
        else {
          kind = sn.kind === 'unknown' || sn.confidence < 0.5 ? (byTarget?.kind ?? sn.kind) : sn.kind;
          if (homeKinds.has(kind) && hm?.role !== 'app') kind = 'other';
        }
        const src: SourceFile & { steps?: unknown } = {
          path: rpath,
          text: rf.text,
          origin: rf.origin,
          target: rf.target,
          steps: rf.steps,
        };
        outTree.set(rpath, rf.text);
        const reason = rf.installed
          ? `installed by ${path} (package ${rf.installed}) and left as shipped`
          : kind === 'other'
            ? `written by ${path} to ${rf.target}; not a configuration this lab reads`
            : `written by ${path} to ${rf.target}`;
        outs.push({
          path: rpath,
          host,
          kind,
          confidence: byTarget && kind === byTarget.kind ? 1 : sn.confidence,
          reason,
          source: src,
          fromScript: path,
          target: rf.target,
        });
      });
      // Symbolic links to the script's own Nginx files (the package's sites-enabled/default unless removed, its
      // own `ln -s`): the file again under the link's name, so that nginx.conf's `include
      // /etc/nginx/sites-enabled/*;` reads it as Nginx does; it stands for the file it links to.
      const nginxOut = new Map(outs.filter((o) => o.kind === 'nginx').map((o) => [o.target!, o]));
      const links: Array<[string, string]> = rec.removed.some((r) => r.path === '/etc/nginx/sites-enabled/default')
        ? []
        : [['/etc/nginx/sites-enabled/default', '/etc/nginx/sites-available/default']];
      for (const l of rec.links) links.push([l.path, l.resolved]);
      for (const [link, target] of links) {
        const to = nginxOut.get(target);
        if (!to || nginxOut.has(link) || !link.startsWith('/etc/nginx/')) continue;
        const copy = `${path}#${link}`;
        outTree.set(copy, to.source.text);
        linkCopies.set(copy, to.path);
        const src = { ...to.source, path: copy, target: link };
        sources.set(copy, src);
        linkedFiles.set(copy, {
          ...to,
          path: copy,
          target: link,
          source: src,
          reason: `${to.reason}, read through the link ${link}`,
        });
      }
      // the SQL the script runs through the MySQL/MariaDB client (`mysql -e`, `mysql <<EOF`): the host's SQL,
      // read as a submitted .sql file is, on a host whose role holds SQL
      if (hm && roleKinds.get(hm.role)?.has('sql'))
        rec.sql.forEach((q, i) => {
          const rpath = `${path}#mysql-${i + 1}`;
          outs.push({
            path: rpath,
            host,
            kind: 'sql',
            confidence: 1,
            reason: `run by ${path} through the MySQL client (line ${q.span.line})`,
            source: { path: rpath, text: q.text, origin: q.origin },
            fromScript: path,
          });
        });
      for (const o of outs) {
        // files that are not configurations (pages, /etc/default/*, scratch copies) are kept, not parsed;
        // their host holds them (the checks that read a file by its content, a Prometheus rules file
        // written to /etc/prometheus/alerts.yml, an exporter's /etc/default file, find them there)
        if (!hm || o.kind === 'other') {
          files.push(o);
          sources.set(o.path, o.source);
          if (hm) hm.files.push(o);
          continue;
        }
        place(o, outTree);
      }
      continue;
    }
    place(mf, srcTree);
  }

  // Nginx: parse each entry (a file no other file of the host includes) once.
  for (const [key, c] of nginxCandidates) {
    const hostName = key.split('\0')[0];
    const host = hosts[hostName];
    const parses = new Map<string, ReturnType<typeof nginxOf>>();
    const included = new Set<string>();
    for (const p of c.paths) {
      const parse = parseNginxEntry(c.tree, p, host.files.find((f) => f.path === p)!.source.text);
      parses.set(p, parse);
      for (const cfg of parse.configs.slice(1))
        if (cfg.file !== p) {
          included.add(cfg.file);
          const real = linkCopies.get(cfg.file);
          if (real && real !== p) included.add(real);
        }
    }
    for (const p of c.paths) {
      if (included.has(p)) continue;
      const mf = host.files.find((f) => f.path === p)!;
      host.nginx.push({ host: hostName, file: mf, parse: parses.get(p)! });
    }
  }

  const inventory = readInventory(lab, hosts, inventoryData, answers, (s) => learnerSpan(s, sources, files));
  diagnostics.push(...(inventory.diagnostics ?? []));
  for (const h of Object.values(hosts)) {
    const e = inventory.entries[h.name];
    if (e) {
      h.address = e.address;
      h.addressOrigin = e.origin;
    }
  }
  return {
    lab,
    hosts,
    files,
    sources,
    inventory,
    ...(answers ? { answers } : {}),
    ...(linkedFiles.size ? { linkedFiles } : {}),
    unrecognised,
    diagnostics,
  };
}

/**
 * A site file (`server { ... }` at the top, as in sites-available/default) is what Debian's
 * nginx.conf includes inside `http { }`: parse it through a one-line wrapper in that context, so
 * that `server` is where Nginx would read it. A whole nginx.conf (with `http {`) is parsed as is.
 */
function parseNginxEntry(tree: FileTree, entry: string, text: string): ReturnType<typeof nginxOf> {
  if (/^[^\S\n]*(http|events)\s*\{/m.test(text)) return nginxOf(tree, entry);
  const dir = entry.includes('/') ? entry.slice(0, entry.lastIndexOf('/') + 1) : '';
  const wrapper = `${dir}.web-infra-lab-http-context.conf`;
  const name = entry.slice(dir.length).replace(/(["\\$;{}])/g, '\\$1');
  const bytes = new TextEncoder().encode(`http { include "${name}"; }\n`);
  const overlay: FileTree = {
    list: () => [...tree.list(), wrapper].sort(),
    read: (p) => (p === wrapper ? bytes : tree.read(p)),
  };
  const parse = nginxOf(overlay, wrapper);
  const at = { file: entry, line: 1, column: 1 };
  const remap = <T extends { span: { file: string } }>(d: T): T => (d.span.file === wrapper ? { ...d, span: at } : d);
  return {
    ...parse,
    diagnostics: parse.diagnostics.map(remap),
    configs: parse.configs.map((c) => ({ ...c, errors: c.errors.map(remap) })),
  };
}

/** What an application-server file says about where the app listens (systemd Environment=, --bind, -b). */
function appUnit(host: string, mf: ModelFile): AppUnit {
  const lc = new LineCounter(mf.source.text);
  const text = mf.source.text;
  let address: string | undefined;
  let port: number | undefined;
  let span: Span | undefined;
  const at = (idx: number, len: number): Span => lc.span(mf.path, idx, idx + len);
  const bind = /(?:--bind(?:=|\s+)|\s-b\s+)["']?([\w.:[\]-]+):(\d+)/.exec(text);
  if (bind) {
    address = bind[1];
    port = Number(bind[2]);
    span = at(bind.index, bind[0].length);
  }
  const h = /^[ \t]*Environment=["']?(?:HOST|BIND|ADDRESS)=([\w.:-]+)/m.exec(text);
  if (h && !address) {
    address = h[1];
    span = at(h.index, h[0].length);
  }
  const p = /^[ \t]*Environment=["']?PORT=(\d+)/m.exec(text);
  if (p && port === undefined) {
    port = Number(p[1]);
    span = span ?? at(p.index, p[0].length);
  }
  return { host, file: mf, ...(span ? { bind: { address, port, span } } : {}) };
}
