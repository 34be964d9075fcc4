import { usePluginData } from '@docusaurus/useGlobalData';
import type { LabsData, SiteCheck, SiteLab } from '../../plugins/labs-data';

export type { LabsData, SiteCheck, SiteLab };

/** The catalogue and the labs, as loaded at build time by plugins/labs-data.ts. */
export function useLabsData(): LabsData {
  return usePluginData('labs-data') as LabsData;
}

export function labsUsing(data: LabsData, checkId: string): SiteLab[] {
  return data.labs.filter((l) => l.checks.some((c) => c.id === checkId && !c.hidden));
}
