/** A lab spec after validation and resolution against the check catalogue. */
import type { CheckMeta } from '../checks/types';

export type HostRole = 'load-balancer' | 'web' | 'app' | 'db-primary' | 'db-replica';

export interface LabHost {
  name: string;
  role: HostRole;
  /** Default address (the inventory may override it). */
  address: string;
  optional: boolean;
  description?: string;
}

export interface LabParameters {
  database: string;
  header: string;
  lbPort: number;
  webPort: number;
  appPort: number;
  appRoute: string;
  mysqlPort: number;
}

export interface LabQuestion {
  points: number;
  type: 'one' | 'set';
  expect: string[];
  aliases: Record<string, string[]>;
  wrong: Record<string, string>;
}

export interface LabCheck {
  id: string;
  points: number;
  required: boolean;
  hidden: boolean;
}

export interface LabSpec {
  id: string;
  title: string;
  summary: string;
  hosts: LabHost[];
  parameters: LabParameters;
  questions: Record<string, LabQuestion>;
  checks: LabCheck[];
  /** The spec file it came from (for messages), when loaded from one. */
  file?: string;
}

export type { CheckMeta };
