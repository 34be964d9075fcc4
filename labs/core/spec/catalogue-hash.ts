/**
 * What a validated spec's defaults depend on: the id, points, severity, hidden flag and option
 * declarations of each check it lists. The CLI trusts a spec snapshot only when this matches.
 */
import { contentHash } from '../hash';
import type { CheckMeta } from '../checks/types';

export function catalogueHash(
  metas: ReadonlyArray<Pick<CheckMeta, 'id' | 'points' | 'severity' | 'hidden' | 'options'>>,
): string {
  return contentHash(
    JSON.stringify(metas.map((m) => [m.id, m.points, m.severity, m.hidden === true, m.options ?? null])),
  );
}
