/**
 * A lab's plug-in modules: the files its spec names under `plugins:` (beside spec.yaml), each
 * exporting what the lab adds to the registries: file kinds (with their parsers), checks (with their
 * options), probes (with their `run`) and real-tool runners. They are the lab author's code, trusted
 * like the spec (never a learner's), loaded once per process, before the spec is validated (its check
 * ids must be known then).
 *
 *   // labs/specs/my-lab/plugin.js
 *   module.exports = { kinds: [...], checks: [...], probes: [...], tools: [...] };
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { registerKinds, type KindDefinition } from '../core/kinds';
import { registerChecks } from '../core/checks/index';
import type { CheckDefinition } from '../core/checks/types';
import { UsageError } from './io';
import type { ToolRunner } from './realtools';
import type { ProbeDefinition } from './live/probes';

export interface LabPlugin {
  kinds?: KindDefinition[];
  /** Static checks (`defineCheck`-shaped: `{ meta, run }`). */
  checks?: CheckDefinition[];
  probes?: ProbeDefinition[];
  tools?: ToolRunner[];
}

const loaded = new Set<string>();

/** Loads and registers the plug-ins a spec names (paths relative to the spec's folder). */
export function loadPlugins(labDir: string, plugins: ReadonlyArray<string> | undefined): void {
  for (const p of plugins ?? []) {
    const file = resolve(labDir, p);
    if (isAbsolute(p) || relative(labDir, file).startsWith('..'))
      throw new UsageError(`plugin '${p}' is outside the lab's folder`, 'A lab plug-in lives beside its spec.yaml.');
    if (loaded.has(file)) continue;
    let mod: LabPlugin & { default?: LabPlugin };
    try {
      mod = require(file) as LabPlugin & { default?: LabPlugin };
    } catch (err) {
      throw new UsageError(`cannot load the lab's plugin ${p}: ${(err as Error).message.split('\n')[0]}`);
    }
    const plugin: LabPlugin = mod.default ?? mod;
    registerKinds(plugin.kinds ?? []);
    registerChecks([
      ...(plugin.checks ?? []).map((c) => (c.meta.kind ? c : { ...c, meta: { ...c.meta, kind: 'static' as const } })),
      ...(plugin.probes ?? []).map((pr) => ({ meta: { ...pr.meta, kind: 'live' as const } })),
    ]);
    if (plugin.probes?.length)
      (require('./live/probes') as typeof import('./live/probes')).registerProbes(plugin.probes);
    if (plugin.tools?.length)
      (require('./realtools') as typeof import('./realtools')).registerToolRunners(plugin.tools);
    loaded.add(file);
  }
}
