/**
 * Lab specs on disk: labs/specs/<id>/spec.yaml, validated against the schema and the check
 * catalogue. `loadLab` throws a SpecError (exit 2 in the CLI) whose message points at the spec's
 * own line and column.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { contentHash } from '../core/hash';
import { catalogueHash } from '../core/spec/catalogue-hash';
import { join, relative } from 'node:path';
import { allLabIds, labFolder, specDirs, specsDir } from './paths';
import { loadPlugins } from './plugins';
import { knownKinds } from '../core/kinds';
import type { Diagnostic } from '../core/source';
import type { LabSpec } from '../core/spec/types';
import { UsageError } from './io';
import { parseLabSpec } from '../core/spec/load';
import { variantSchema, type VariantManifest } from '../core/spec/schema';
import { checks } from '../core/checks/index';
import { MemoryTree } from '../core/vfs';
import { parseDocument } from 'yaml';

export type { LabSpec };

export class SpecError extends UsageError {
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly file: string,
  ) {
    super(
      diagnostics.map((d) => `${d.span.file}:${d.span.line}:${d.span.column}: ${d.message}`).join('\n'),
      "The lab spec is invalid; fix it (or tell the lab's author).",
    );
  }
}

/** Ids of the labs that have a spec.yaml (in labs/specs and WEB_INFRA_LAB_SPECS, or in `dir`), sorted. */
export function listLabs(dir?: string): string[] {
  return allLabIds(dir ? [dir] : specDirs());
}

/** A lab's folder: in `dir` when given, else the first of specDirs() that has it. */
export function labDir(id: string, dir?: string): string {
  return dir ? join(dir, id) : (labFolder(id) ?? join(specsDir, id));
}

const cache = new Map<string, LabSpec>();

/** Loads and validates a lab spec (cached per process). Throws SpecError / UsageError. */
export function loadLab(id: string, dir?: string): LabSpec {
  const key = `${dir ?? ''}\0${id}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id))
    throw new UsageError(`'${id}' is not a lab id`, `Known labs: ${listLabs(dir).join(', ') || '(none)'}`);
  const folder = labDir(id, dir);
  const file = join(folder, 'spec.yaml');
  if (!existsSync(file)) throw new UsageError(`no lab '${id}'`, `Known labs: ${listLabs(dir).join(', ') || '(none)'}`);
  const text = readFileSync(file, 'utf8');
  // the lab's own kinds, checks and probes are registered before its check ids are validated
  const plugins = (parseDocument(text).toJS() as { plugins?: unknown } | null)?.plugins;
  if (Array.isArray(plugins))
    loadPlugins(
      folder,
      plugins.filter((p): p is string => typeof p === 'string'),
    );
  const spec = parseSpecText(text, relative(process.cwd(), file) || file);
  cache.set(key, spec);
  return spec;
}

/** Validates spec text (exported for tests): returns the spec or throws SpecError. */
export function parseSpecText(text: string, file: string): LabSpec {
  const r = parseLabSpec(
    text,
    file,
    checks.map((c) => c.meta),
    knownKinds(),
  );
  if (!r.spec) throw new SpecError(r.diagnostics, file);
  return r.spec;
}

export interface Variant {
  name: string;
  manifest: VariantManifest;
  /** The materialised submission: the base with the overlay applied. */
  tree: MemoryTree;
  dir: string;
}

function readFolder(root: string, out: Map<string, Uint8Array>, rel = ''): void {
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) readFolder(root, out, r);
    else if (e.isFile()) out.set(r, readFileSync(join(root, r)));
  }
}

/** Names of a lab's broken variants (folders with a variant.yaml), sorted. */
export function listVariants(labId: string, dir: string = specsDir): string[] {
  const b = join(dir, labId, 'broken');
  if (!existsSync(b)) return [];
  return readdirSync(b, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(b, d.name, 'variant.yaml')))
    .map((d) => d.name)
    .sort();
}

/** Materialises a broken variant in memory: base files, minus `remove`, plus the overlay. */
export function loadVariant(labId: string, name: string, dir: string = specsDir): Variant {
  const vdir = join(dir, labId, 'broken', name);
  const file = join(vdir, 'variant.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const parsed = variantSchema.safeParse(doc.toJS());
  if (doc.errors.length || !parsed.success) {
    throw new UsageError(
      `${file}: invalid variant manifest (${doc.errors[0]?.message ?? JSON.stringify(parsed.error?.issues[0] ?? {})})`,
    );
  }
  const manifest = parsed.data;
  const files = new Map<string, Uint8Array>();
  readFolder(join(dir, labId, manifest.base), files);
  for (const r of manifest.remove ?? []) {
    if (!files.delete(r)) throw new UsageError(`${file}: remove lists ${r}, which the base does not have`);
  }
  const overlay = new Map<string, Uint8Array>();
  readFolder(vdir, overlay);
  overlay.delete('variant.yaml');
  for (const [k, v] of overlay) files.set(k, v);
  return { name, manifest, tree: new MemoryTree(files), dir: vdir };
}

// ------------------------------------------------------------------------------------------------
// Validated snapshot: the CLI's start-up must not pay for zod and yaml (about 2/3 of a run), so
// each lab folder holds spec.snapshot.json, the spec exactly as loadLab validates it, keyed by the
// content hash (labs/core/hash.ts) of spec.yaml and of the catalogue metadata the defaults come from. The CLI uses it only
// when both hashes match (else it validates spec.yaml itself); a test keeps it fresh.

export const SNAPSHOT_FILE = 'spec.snapshot.json';

export interface SpecSnapshot {
  note: string;
  specHash: string;
  catalogueHash: string;
  spec: Omit<LabSpec, 'file'>;
}

export { catalogueHash };

export function specSnapshot(id: string, dir: string = specsDir): SpecSnapshot {
  const text = readFileSync(join(dir, id, 'spec.yaml'), 'utf8');
  const { file: _file, ...spec } = parseSpecText(text, join('labs', 'specs', id, 'spec.yaml'));
  void _file;
  return {
    note: 'Generated from spec.yaml by `node -r ts-node/register/transpile-only labs/node/specs.ts`; do not edit.',
    specHash: contentHash(text),
    // Only the checks this lab lists: their metadata gives the defaults (other checks do not matter).
    catalogueHash: catalogueHash(spec.checks.map((c) => checks.find((x) => x.meta.id === c.id)!.meta)),
    spec,
  };
}

export function snapshotText(id: string, dir: string = specsDir): string {
  return JSON.stringify(specSnapshot(id, dir), null, 2) + '\n';
}

export function writeSpecSnapshot(id: string, dir: string = specsDir): string {
  const file = join(dir, id, SNAPSHOT_FILE);
  writeFileSync(file, snapshotText(id, dir));
  return file;
}

if (require.main === module) {
  for (const id of listLabs()) process.stdout.write(`wrote ${relative(process.cwd(), writeSpecSnapshot(id))}\n`);
}
