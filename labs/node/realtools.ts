/** Real-tool runs (haproxy -c, nginx -t) on the reconstructed configs. */
import type { ExternalFinding } from '../core/checks/context';
import type { Model } from '../core/model/types';

export async function runRealTools(model: Model, opts: { signal?: AbortSignal; checks?: Set<string> } = {}): Promise<Record<string, ExternalFinding[]>> {
  void model;
  void opts;
  return {};
}
