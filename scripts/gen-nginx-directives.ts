/**
 * Generates labs/core/parsers/nginx/directives.generated.ts from the npm package
 * `@nginx/reference-lib` (the machine-readable official nginx reference).
 *
 *   npx ts-node --transpile-only scripts/gen-nginx-directives.ts          # writes the file
 *   npx ts-node --transpile-only scripts/gen-nginx-directives.ts --check  # exit 1 when stale
 *
 * For each directive and each module that defines it, the table holds one rule
 * `[contexts, args]` (crossplane's shape: a directive is valid when any rule matches):
 * - `contexts`: a bitmask of the blocks it may appear in (CTX_* in directives.ts), mapped from the
 *   reference's context names with the module's family (`server` in an http module is http > server);
 * - `args`: crossplane-style bits: bit n (n = 0..7) = n arguments accepted, ARG_MORE = 8 or more,
 *   ARG_FLAG = exactly `on`/`off`, ARG_BLOCK = takes a `{ }` block.
 * Argument counts are derived from the documented syntax lines (`*`name`* [`opt`] ...`): words
 * separated by whitespace are arguments, `[ ]` is optional, ` | ` separates alternatives, `...`
 * repeats, and pieces glued together without whitespace form one argument.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// keep in sync with labs/core/parsers/nginx/directives.ts (a test checks the generated output)
import { ARG_BLOCK, ARG_FLAG, ARG_MORE, CTX } from '../labs/core/parsers/nginx/masks';

interface RefDirective {
  name: string;
  module: string;
  syntax: string[];
  contexts: string[];
  isBlock: boolean;
}

const root = path.resolve(__dirname, '..');
export const OUTPUT = path.join(root, 'labs/core/parsers/nginx/directives.generated.ts');

/** Argument-count overrides where the documented syntax cannot say it (documented here). */
const ARG_OVERRIDES: Record<string, { min: number; max: number }> = {
  // `if (condition) { }`: the condition is 1 to 3 words once crossplane strips the parentheses
  if: { min: 1, max: 3 },
};

type Tk = { t: 'w' | '[' | ']' | '|' | '...' | 'block'; ws: boolean; lit?: string };

function tokenize(s: string): Tk[] {
  const out: Tk[] = [];
  let ws = true;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      ws = true;
      i++;
      continue;
    }
    if (s.startsWith('`{...}`', i)) {
      out.push({ t: 'block', ws });
      i += 7;
    } else if (s.startsWith('...', i)) {
      out.push({ t: '...', ws });
      i += 3;
    } else if (c === '[' || c === ']') {
      out.push({ t: c, ws });
      i++;
    } else if (c === '|' && ws && (i + 1 >= s.length || /\s/.test(s[i + 1]))) {
      out.push({ t: '|', ws });
      i++;
    } else {
      // a word: up to whitespace or a bracket outside backticks; backtick spans are literal
      let j = i;
      let lit = '';
      let plain = true;
      while (j < s.length) {
        const d = s[j];
        if (d === '`') {
          const k = s.indexOf('`', j + 1);
          const end = k === -1 ? s.length : k;
          lit += s.slice(j + 1, end);
          j = end + 1;
          continue;
        }
        if (/\s/.test(d) || d === '[' || d === ']' || s.startsWith('...', j)) break;
        if (d !== '*') plain = false;
        j++;
      }
      out.push({ t: 'w', ws, lit: plain ? lit : undefined });
      i = j;
    }
    ws = false;
  }
  return out;
}

interface Count {
  min: number;
  max: number;
  /** Literal values when the alternatives are all single literal words (to detect on|off). */
  lits?: string[];
}

function countSyntax(s: string): Count {
  const tks = tokenize(s);
  let p = 0;
  const alt = (): Count => {
    let acc = seq();
    while (p < tks.length && tks[p].t === '|') {
      p++;
      const b = seq();
      acc = {
        min: Math.min(acc.min, b.min),
        max: Math.max(acc.max, b.max),
        lits: acc.lits && b.lits ? [...acc.lits, ...b.lits] : undefined,
      };
    }
    return acc;
  };
  const seq = (): Count => {
    let min = 0;
    let max = 0;
    let items = 0;
    let lits: string[] | undefined;
    // a "chain" is pieces glued together without whitespace: one argument at most
    let inChain = false;
    let hasWord = false;
    let canHave = false;
    let repeat = false;
    const flush = () => {
      if (inChain) {
        min += hasWord ? 1 : 0;
        max += repeat ? Infinity : canHave ? 1 : 0;
      }
      inChain = hasWord = canHave = repeat = false;
    };
    while (p < tks.length && tks[p].t !== ']' && tks[p].t !== '|') {
      const tk = tks[p++];
      if (tk.t === 'block') continue;
      if (tk.t === '...') {
        if (inChain) repeat = true;
        else max = Infinity;
        continue;
      }
      if (tk.ws) flush();
      inChain = true;
      if (tk.t === 'w') {
        // "[*`parameters`*]" stands for any number of name=value parameters
        if (tk.lit === 'parameters') repeat = true;
        hasWord = true;
        canHave = true;
        items++;
        lits = items === 1 && tk.lit !== undefined ? [tk.lit] : undefined;
      } else {
        // '[' alt ']': optional; several arguments when it holds several words
        const inner = alt();
        if (p < tks.length && tks[p].t === ']') p++;
        items += 2;
        lits = undefined;
        if (tk.ws && (p >= tks.length || tks[p].ws || tks[p].t === '|' || tks[p].t === ']')) {
          // a free-standing optional group adds 0..inner.max arguments
          flush();
          max += inner.max;
          continue;
        }
        if (inner.max > 0) canHave = true;
        if (inner.max === Infinity) repeat = true;
      }
    }
    flush();
    return { min, max, lits: items === 1 ? lits : undefined };
  };
  return alt();
}

function familyOf(module: string): 'http' | 'stream' | 'mail' | 'core' {
  if (module.startsWith('ngx_stream_')) return 'stream';
  if (module.startsWith('ngx_mail_')) return 'mail';
  if (module.startsWith('ngx_http_') || module === 'ngx_otel_module') return 'http';
  return 'core';
}

function contextMask(d: RefDirective): number {
  const fam = familyOf(d.module);
  let m = 0;
  for (const c of d.contexts) {
    switch (c) {
      case 'main':
        m |= CTX.MAIN;
        break;
      case 'events':
        m |= CTX.EVENTS;
        break;
      case 'http':
        m |= CTX.HTTP;
        break;
      case 'mail':
        m |= CTX.MAIL;
        break;
      case 'stream':
        m |= CTX.STREAM;
        break;
      case 'server':
        m |=
          fam === 'stream'
            ? CTX.STREAM_SERVER
            : fam === 'mail'
              ? CTX.MAIL_SERVER
              : fam === 'http'
                ? CTX.HTTP_SERVER
                : CTX.HTTP_SERVER | CTX.STREAM_SERVER | CTX.MAIL_SERVER;
        break;
      case 'location':
        m |= CTX.HTTP_LOCATION;
        break;
      case 'if in location':
        m |= CTX.HTTP_LOCATION_IF;
        break;
      case 'if':
        m |= CTX.HTTP_SERVER_IF | CTX.HTTP_LOCATION_IF;
        break;
      case 'limit_except':
        m |= CTX.HTTP_LIMIT_EXCEPT;
        break;
      case 'upstream':
        m |= fam === 'stream' ? CTX.STREAM_UPSTREAM : CTX.HTTP_UPSTREAM;
        break;
      case 'acme_issuer':
        m |= CTX.HTTP_ACME_ISSUER;
        break;
      case 'oidc_provider':
        m |= CTX.HTTP_OIDC_PROVIDER;
        break;
      case 'mgmt':
        m |= CTX.MGMT;
        break;
      case '':
        m |= CTX.ALL; // `include`: anywhere
        break;
      default:
        throw new Error(`gen-nginx-directives: unknown context "${c}" of ${d.name} (${d.module}); extend CTX`);
    }
  }
  return m;
}

function argMask(d: RefDirective): number {
  const counts = d.syntax.map(countSyntax);
  const isFlag =
    counts.length === 1 && counts[0].lits !== undefined && [...counts[0].lits].sort().join('|') === 'off|on';
  let m = d.isBlock ? ARG_BLOCK : 0;
  if (isFlag) return m | ARG_FLAG;
  const override = ARG_OVERRIDES[d.name];
  for (const c of override ? [override] : counts) {
    for (let n = c.min; n <= Math.min(7, c.max); n++) m |= 1 << n;
    if (c.max > 7) m |= ARG_MORE;
  }
  return m;
}

export async function loadReference(): Promise<{ version: string; directives: RefDirective[] }> {
  const pkgDir = path.join(root, 'node_modules/@nginx/reference-lib');
  const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version as string;
  // the package is an ES module
  const mod = (await import('@nginx/reference-lib')) as unknown as { getDirectives(format?: number): RefDirective[] };
  return { version, directives: mod.getDirectives(1 /* Markdown */) };
}

const hex = (n: number) => '0x' + n.toString(16);

export async function generate(): Promise<string> {
  const { version, directives } = await loadReference();
  const table = new Map<string, Array<[number, number]>>();
  for (const d of directives) {
    const rule: [number, number] = [contextMask(d), argMask(d)];
    const rules = table.get(d.name) ?? [];
    // merge rules that share the argument shape
    const same = rules.find((r) => r[1] === rule[1]);
    if (same) same[0] |= rule[0];
    else rules.push(rule);
    table.set(d.name, rules);
  }
  const names = [...table.keys()].sort();
  const lines = names.map(
    (n) =>
      `  ${JSON.stringify(n)}: [${table
        .get(n)!
        .map((r) => `[${hex(r[0])}, ${hex(r[1])}]`)
        .join(', ')}],`,
  );
  return [
    `// GENERATED FILE, do not edit: written by scripts/gen-nginx-directives.ts`,
    `// from the npm package @nginx/reference-lib ${version} (the official nginx reference, Apache-2.0).`,
    `// Each rule is [contexts (CTX_* bits), arguments (ARG_* bits)]; see directives.ts.`,
    '',
    `export const REFERENCE_LIB_VERSION = ${JSON.stringify(version)};`,
    '',
    `export const DIRECTIVE_RULES: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>> = {`,
    ...lines,
    `};`,
    '',
  ].join('\n');
}

if (typeof require !== 'undefined' && require.main === module) {
  generate().then(
    (text) => {
      const check = process.argv.includes('--check');
      let old = '';
      try {
        old = readFileSync(OUTPUT, 'utf8');
      } catch {
        /* first run */
      }
      if (check) {
        if (old !== text) {
          console.error(`${path.relative(root, OUTPUT)} is stale; run scripts/gen-nginx-directives.ts`);
          process.exit(1);
        }
        console.log(`${path.relative(root, OUTPUT)} is up to date`);
        return;
      }
      writeFileSync(OUTPUT, text);
      console.log(`wrote ${path.relative(root, OUTPUT)} (${text.split('\n').length} lines)`);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
