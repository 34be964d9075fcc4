import labsData from '@generated/labs-data/default/labs.json';
import type { LabsData, SiteCheck, SiteLab } from '../../plugins/labs-data';

export type { LabsData, SiteCheck, SiteLab };

/**
 * The catalogue and the labs, as loaded at build time by plugins/labs-data.ts: a JSON module of its own
 * (not Docusaurus global data), so only the pages whose components show it load it.
 */
export function useLabsData(): LabsData {
  return labsData as LabsData;
}

export function labsUsing(data: LabsData, checkId: string): SiteLab[] {
  return data.labs.filter((l) => l.checks.some((c) => c.id === checkId && !c.hidden));
}
