/**
 * The playground's checker, in a Web Worker so that typing never waits for it: the same labs/core modules the
 * CLI runs (no fork of the checks), on the files the page posts. The full YAML reader is loaded only when an
 * answers.yaml or inventory.yaml goes beyond the small subset the core reads itself, as in the CLI; a later lab's
 * checks only when the page checks that lab (the client build's catalogue is labs/core/checks/index.browser.ts), and
 * the shell interpreter only when an answer holds a script (labs/core/model/script-support.browser.ts).
 */
import { checkSubmission } from '../../labs/core/engine';
import { loadChecksFor } from '../../labs/core/checks/index';
import { loadScriptSupport, scriptSupportWanted } from '../../labs/core/model/script-support';
import { buildModel } from '../../labs/core/model/build';
import { MemoryTree } from '../../labs/core/vfs';
import { readYaml, readYamlFull } from '../../labs/core/model/yaml';
import type { LabSpec } from '../../labs/core/spec/types';
import type { Report } from '../../labs/core/report/types';

export interface CheckRequest {
  id: number;
  lab: LabSpec;
  files: Record<string, string>;
}

export interface CheckResponse {
  id: number;
  report?: Report;
  /** What each provisioning script writes, as the checker reconstructed it. */
  written?: Array<{ script: string; target: string; text: string }>;
  error?: string;
  ms: number;
}

let yamlLib: typeof import('yaml') | undefined;

async function needsFullYaml(files: Record<string, string>): Promise<boolean> {
  for (const [path, text] of Object.entries(files)) {
    if (!/^(answers|inventory)\.ya?ml$/.test(path)) continue;
    if (readYaml(path, text).diagnostics.some((d) => d.code === 'yaml/unsupported')) return true;
  }
  return false;
}

const ctx = self as unknown as {
  onmessage: (e: MessageEvent<CheckRequest>) => void;
  postMessage: (m: CheckResponse) => void;
};

ctx.onmessage = async (e) => {
  const t0 = performance.now();
  const { id, lab, files } = e.data;
  try {
    await loadChecksFor(lab);
    if (!yamlLib && (await needsFullYaml(files))) yamlLib = await import('yaml');
    const lib = yamlLib;
    const yaml = lib ? (file: string, text: string) => readYamlFull(lib, file, text) : undefined;
    const tree = new MemoryTree(files);
    // the model built once, as the CLI does, so that what scripts write can be shown too
    let model = buildModel(tree, lab, [], { yaml });
    // an answer with a script: the shell interpreter loads now (its own chunk), and the model is built again
    if (scriptSupportWanted()) {
      await loadScriptSupport();
      model = buildModel(tree, lab, [], { yaml });
    }
    const report = checkSubmission({ tree, submission: 'playground', lab, model, ...(yaml ? { yaml } : {}) });
    const written = model.files
      .filter((f) => f.fromScript)
      .map((f) => ({ script: f.fromScript!, target: f.target ?? f.path, text: f.source.text }));
    ctx.postMessage({ id, report, written, ms: performance.now() - t0 });
  } catch (err) {
    ctx.postMessage({ id, error: String((err as Error)?.message ?? err), ms: performance.now() - t0 });
  }
};
