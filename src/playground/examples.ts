/**
 * A check page's example as a whole answer: the block (an Incorrect or Correct example of docs/checks/**) put
 * in the reference solution where it belongs, so that it can run through its check (a test, and the
 * playground's "try it" link). Pure TypeScript: used at build time, in tests and in the browser.
 *
 * Where a block goes: its fence may say `host=<name>`; otherwise HAProxy -> lb-01, Nginx -> web-01, option
 * files and SQL -> db-replica for a check about the replica, else db-primary. How it goes in:
 * - HAProxy: each section replaces the solution's section of the same type and name (or is added);
 *   lines before any section are ignored (a block without a section is a fragment).
 * - Nginx: a block with `server {` or `http {` replaces the host's file; a `location P { }` replaces the
 *   solution's location with the same arguments (or is added to the server); plain directives replace the
 *   server's directive with the same name and first argument (or are added at its top).
 * - Option files and SQL replace the host's file of that kind.
 * - keepalived.conf replaces the host's `keepalived.conf` (default host lb-01).
 * - A script (bash) is added as the file its `# <host>/<name>` comment names (else lb-01/setup.sh).
 */
export interface ExampleBlock {
  lang: string;
  meta: string;
  body: string;
}

export type Files = Record<string, string>;

const SECTION =
  /^(global|defaults|frontend|backend|listen|userlist|peers|resolvers|cache|program|http-errors|ring|mailers)\b\s*(\S*)/;

/** The host's file a block merges into: its HAProxy config, its Nginx site (not its firewall or other scripts). */
const HAPROXY_FILE = /^(global|defaults|frontend|backend|listen)\b/m;
const NGINX_FILE = /^\s*(server|http|location)\b[^;]*\{/m;

const HOST_NAME = /\b(lb-0\d|web-0\d|app-0\d|db-primary|db-replica)\b/g;

/**
 * The hosts a block is for: `host=a,b` on its fence; else the hosts its first comment names (`# db-replica`,
 * `-- on web-02`, `# web-01 and web-02: the same file`, `-- on the replica`); else the usual host of its kind.
 */
export function hostsFor(checkId: string, block: ExampleBlock): string[] {
  const m = /(?:^|\s)host=([\w,-]+)/.exec(block.meta);
  if (m) return m[1]!.split(',');
  if (block.lang === 'bash') return [scriptPath(block)[0]];
  const first = /^\s*(#|--)(.*)$/m.exec(block.body.split('\n').find((l) => l.trim() !== '') ?? '')?.[2] ?? '';
  const named = [...new Set([...first.matchAll(HOST_NAME)].map((x) => x[1]!))];
  if (named.length) return named;
  if (/\bthe replica\b/.test(first)) return ['db-replica'];
  if (/\bthe primary\b/.test(first)) return ['db-primary'];
  if (block.lang === 'haproxy' || block.lang === 'keepalived') return ['lb-01'];
  if (block.lang === 'nginx') return ['web-01'];
  if (block.lang === 'yaml') return [/^#\s*([\w-]+)\//.exec(block.body)?.[1] ?? ''];
  return [/replica-(read-only|source)|^live\/replica/.test(checkId) ? 'db-replica' : 'db-primary'];
}

/** A script block's host and file name, from its `# web-01/setup.sh` comment in the first lines (else lb-01/setup.sh). */
function scriptPath(block: ExampleBlock): [string, string] {
  for (const line of block.body.split('\n').slice(0, 3)) {
    const m = /^#\s*([\w-]+)\/([\w.-]+)\s*$/.exec(line);
    if (m) return [m[1]!, m[2]!];
  }
  return ['lb-01', 'setup.sh'];
}

function haproxySections(text: string): Array<{ key: string; text: string }> {
  const out: Array<{ key: string; text: string }> = [];
  for (const line of text.split('\n')) {
    const m = SECTION.exec(line);
    if (m) out.push({ key: `${m[1]} ${m[2]}`.trim(), text: line + '\n' });
    else if (out.length) out[out.length - 1]!.text += line + '\n';
  }
  return out;
}

function mergeHaproxy(solution: string, block: string): string | undefined {
  const add = haproxySections(block);
  if (add.length === 0) return undefined;
  const lead = solution.slice(0, solution.search(/^(global|defaults|frontend|backend|listen)\b/m));
  const base = haproxySections(solution);
  for (const s of add) {
    const i = base.findIndex((b) => b.key === s.key);
    const text = s.text.replace(/\n*$/, '\n\n');
    if (i === -1) base.push({ key: s.key, text });
    else base[i] = { key: s.key, text };
  }
  return (lead + base.map((b) => b.text).join('')).replace(/\n+$/, '\n');
}

/** The top-level statements of a small Nginx text: `{ head, text }`, a block kept whole with its braces. */
function nginxStatements(text: string): Array<{ head: string; text: string }> {
  const out: Array<{ head: string; text: string }> = [];
  let depth = 0;
  let cur = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '');
    if (depth === 0 && cur === '' && line.trim() === '') continue;
    cur += raw + '\n';
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (depth <= 0 && /[;}]\s*$/.test(line.trim())) {
      out.push({
        head: cur
          .replace(/^(\s*#.*\n)*/, '')
          .trim()
          .split(/[\s{;]+/)
          .slice(0, 2)
          .join(' '),
        text: cur,
      });
      cur = '';
      depth = 0;
    }
  }
  return out;
}

function mergeNginx(solution: string, block: string): string {
  const code = block.replace(/#.*$/gm, '');
  if (/^\s*(server|http|events)\s*\{/m.test(code)) return block;
  const open = solution.indexOf('{', solution.search(/^\s*server\s*\{/m));
  const close = solution.lastIndexOf('}');
  let body = solution.slice(open + 1, close);
  for (const st of nginxStatements(block)) {
    const [name, arg] = st.head.split(' ');
    const indented = st.text.replace(/^(?=.)/gm, '    ');
    if (name === 'location') {
      const re = new RegExp(`\\n[ \\t]*location\\s+${escape(arg ?? '')}\\s*\\{[\\s\\S]*?\\n[ \\t]*\\}[ \\t]*\\n`);
      body = re.test(body) ? body.replace(re, '\n' + indented) : body.replace(/\s*$/, '\n\n' + indented);
    } else {
      const re = new RegExp(`\\n[ \\t]*${escape(name ?? '')}\\s+${escape(arg ?? '')}[^;\\n]*;[^\\n]*\\n`, 'i');
      body = re.test(body) ? body.replace(re, '\n' + indented) : '\n' + indented + body;
    }
  }
  return solution.slice(0, open + 1) + body + solution.slice(close);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The answer an example stands in: the solution's files with the blocks in their place (undefined: a block
 * that cannot be placed). Blocks for different hosts go in together (a primary's and a replica's option
 * files make one example); `alone` on a fence replaces the host's file instead of merging into it.
 */
export function exampleAnswer(solution: Files, checkId: string, ...blocks: ExampleBlock[]): Files | undefined {
  const files = { ...solution };
  for (const block of blocks) {
    const alone = /(^|\s)alone(\s|$)/.test(block.meta);
    for (const host of hostsFor(checkId, block)) {
      const hostFiles = Object.keys(files).filter((p) => p.startsWith(`${host}/`));
      if (block.lang === 'haproxy') {
        const target = hostFiles.find((p) => HAPROXY_FILE.test(files[p]!)) ?? `${host}/haproxy.cfg`;
        const merged = alone ? block.body : mergeHaproxy(files[target] ?? '', block.body);
        if (merged === undefined) return undefined;
        files[target] = merged;
      } else if (block.lang === 'nginx') {
        const target = hostFiles.find((p) => NGINX_FILE.test(files[p]!)) ?? `${host}/default`;
        files[target] = alone
          ? block.body
          : mergeNginx(files[target] ?? 'server {\n    listen 80 default_server;\n}\n', block.body);
      } else if (block.lang === 'ini' || block.lang === 'sql') {
        const isSql = block.lang === 'sql';
        const target =
          hostFiles.find((p) => p.endsWith('.sql') === isSql) ?? `${host}/${isSql ? 'setup.sql' : '50-server.cnf'}`;
        files[target] = block.body;
      } else if (block.lang === 'yaml') {
        // `# monitor-01/prometheus.yml` on its first line: that file; else the design answers
        const named = /^#\s*([\w-]+\/[\w.-]+\.ya?ml)\s*$/m.exec(block.body.split('\n')[0] ?? '');
        files[named ? named[1]! : 'answers.yaml'] = block.body;
      } else if (block.lang === 'keepalived') {
        files[hostFiles.find((p) => p.endsWith('keepalived.conf')) ?? `${host}/keepalived.conf`] = block.body;
      } else if (block.lang === 'bash') {
        files[`${host}/${scriptPath(block)[1]}`] = block.body;
      } else return undefined;
    }
  }
  return files;
}

/**
 * Consecutive blocks of one section for different files form one example (a primary's and a replica's option
 * files; a replica's option file and the SQL run on it); a block for a file already in it starts the next.
 */
export function groupExamples<T extends ExampleBlock>(checkId: string, blocks: T[]): T[][] {
  const groups: T[][] = [];
  let hosts = new Set<string>();
  for (const b of blocks) {
    const hs = hostsFor(checkId, b).map((h) => `${h}|${b.lang}`);
    if (groups.length === 0 || hs.some((h) => hosts.has(h))) {
      groups.push([]);
      hosts = new Set();
    }
    groups[groups.length - 1]!.push(b);
    for (const h of hs) hosts.add(h);
  }
  return groups;
}

export interface PageExample extends ExampleBlock {
  kind: 'incorrect' | 'correct';
  /** 1-based line of the opening fence. */
  line: number;
}

/** The Incorrect and Correct examples of a check page (its text), fragments left out. */
export function pageExamples(text: string): PageExample[] {
  const out: PageExample[] = [];
  const lines = text.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const h = /^##\s+(.*)$/.exec(lines[i]!);
    if (h) section = h[1]!.trim().toLowerCase();
    const m = /^(`{3,})(haproxy|nginx|ini|sql|yaml|keepalived|bash)(.*)$/.exec(lines[i]!);
    if (!m) continue;
    let j = i + 1;
    while (j < lines.length && lines[j] !== m[1]) j++;
    const kind = section.startsWith('incorrect') ? 'incorrect' : section.startsWith('correct') ? 'correct' : undefined;
    if (kind && !/(^|\s)fragment(\s|$)/.test(m[3]!))
      out.push({ kind, line: i + 1, lang: m[2]!, meta: m[3]!.trim(), body: lines.slice(i + 1, j).join('\n') + '\n' });
    i = j;
  }
  return out;
}
