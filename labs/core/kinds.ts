/**
 * File kinds as plug-ins. A kind says how to recognise a file by its content (`sniff`), how to parse
 * it (`parse`, the one parser contract: source in, `{ ast, diagnostics }` out, never throwing), and
 * which paths a learner's script writes it to (`targets`). The built-in kinds (HAProxy, Nginx,
 * my.cnf, SQL, shell and the app's files) are recognised by parsers/sniff.ts and parsed by the model
 * builder, which knows their includes and scripts; the bundled kinds (kinds/index.ts) and a lab's own
 * kind are registered here and land in `host.units[kind]`, where checks query it with `unitsOf()`.
 *
 * The registry is static and explicit: `registerKinds` is called by a lab's plug-in module (node side,
 * labs/node/plugins.ts) or by a bundle's entry, never by an import side effect of the engine.
 */
import type { Diagnostic, SourceFile } from './source';
import { shared } from './registry';
import { bundledKinds } from './kinds/index';

export interface KindParseResult<A = unknown> {
  ast: A;
  diagnostics: Diagnostic[];
}

export interface KindDefinition<A = unknown> {
  /** `keepalived`, `ufw`... (lower case, unique). */
  id: string;
  /** People's name for it (`keepalived.conf`). */
  title?: string;
  /**
   * How sure (0..1) that this text is of this kind, with the evidence, or undefined when it is not.
   * Asked only for files the built-in sniffer could not classify.
   */
  sniff(path: string, text: string): { confidence: number; reason: string } | undefined;
  /** Parses one file; bounded work, never throws (a thrown error becomes one diagnostic). */
  parse(source: SourceFile, options?: Record<string, unknown>): KindParseResult<A>;
  /** Paths a script may write this kind to (`/etc/keepalived/keepalived.conf`). */
  targets?: RegExp[];
}

/** Built-in kinds: recognised and parsed by the engine itself (listed so a spec can name them). */
export const BUILTIN_KINDS: readonly string[] = [
  'haproxy',
  'nginx',
  'mycnf',
  'sql',
  'shell',
  'firewall',
  'systemd',
  'app',
  'python',
  'javascript',
  'yaml',
  'readme',
  'ini',
  'gunicorn',
  'unknown',
];

/** The registry starts with the kinds bundled with the engine (kinds/index.ts: keepalived). */
const registered = shared('kinds', () => new Map<string, KindDefinition>(bundledKinds.map((k) => [k.id, k])));

export function defineKind<A>(def: KindDefinition<A>): KindDefinition<A> {
  return def;
}

/** Adds kinds (a lab plug-in's); an id already taken is an error. */
export function registerKinds(defs: ReadonlyArray<KindDefinition>): void {
  for (const d of defs) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(d.id))
      throw new Error(`file kind id '${d.id}' must be lower case letters, digits and '-'`);
    if (BUILTIN_KINDS.includes(d.id) || (registered.has(d.id) && registered.get(d.id) !== d))
      throw new Error(`file kind '${d.id}' is registered twice`);
    registered.set(d.id, d);
  }
}

export function registeredKind(id: string): KindDefinition | undefined {
  return registered.get(id);
}

export function registeredKinds(): KindDefinition[] {
  return [...registered.values()];
}

/** Every kind a spec may name: the built-in ones and the registered ones. */
export function knownKinds(): Set<string> {
  return new Set([...BUILTIN_KINDS, ...registered.keys()]);
}

/** The best registered kind for an unclassified text, if any claims it. */
export function sniffRegistered(
  path: string,
  text: string,
): { kind: string; confidence: number; reason: string } | undefined {
  let best: { kind: string; confidence: number; reason: string } | undefined;
  for (const d of registered.values()) {
    let r: { confidence: number; reason: string } | undefined;
    try {
      r = d.sniff(path, text);
    } catch {
      r = undefined;
    }
    if (r && r.confidence > 0 && (!best || r.confidence > best.confidence))
      best = { kind: d.id, confidence: r.confidence, reason: r.reason };
  }
  return best;
}

/** Parses with a registered kind; a parser that throws gives one error diagnostic, never a lost file. */
export function parseRegistered(def: KindDefinition, source: SourceFile): KindParseResult {
  try {
    return def.parse(source);
  } catch (err) {
    return {
      ast: undefined,
      diagnostics: [
        {
          code: `${def.id}/parser-crash`,
          severity: 'error',
          message: `the ${def.id} parser failed: ${(err as Error)?.message ?? String(err)}`,
          span: { file: source.path, line: 1, column: 1 },
        },
      ],
    };
  }
}
