/** A lab spec after validation and resolution against the check catalogue. */
import type { CheckMeta } from '../checks/types';

/** A role is the spec's own word (`load-balancer`, `web`, `vrrp-peer`...): the spec declares its roles. */
export type HostRole = string;

export interface LabHost {
  name: string;
  role: HostRole;
  /** Default address (the inventory may override it). */
  address: string;
  optional: boolean;
  description?: string;
}

/** A role the lab declares: the file kinds a host of that role may hold (others are reported as misplaced). */
export interface LabRole {
  kinds: string[];
  description?: string;
}

/** Option values, by name (each check declares the options it reads, see checks/options.ts). */
export type OptionValues = Record<string, string | number | boolean | string[]>;

export interface LabQuestion {
  points: number;
  type: 'one' | 'set';
  expect: string[];
  aliases: Record<string, string[]>;
  wrong: Record<string, string>;
  /** The lab's own explanation of a wrong or incomplete answer (else design/answers's `wrong-<question>`). */
  explain?: string;
  /** The lab's own explanations, by the explanation ids `wrong` names. */
  explanations?: Record<string, string>;
}

export interface LabCheck {
  id: string;
  points: number;
  required: boolean;
  hidden: boolean;
  /** The check's options, resolved: its defaults, then the lab-wide options it declares, then its own. */
  options?: OptionValues;
}

export interface LabSpec {
  id: string;
  title: string;
  summary: string;
  roles: Record<string, LabRole>;
  /** Report titles of the lab's components, in report order (defaults: report/components.ts). */
  components?: Record<string, string>;
  hosts: LabHost[];
  /** Lab-wide options as written (each check and probe receives those it declares, in LabCheck.options). */
  options: OptionValues;
  questions: Record<string, LabQuestion>;
  checks: LabCheck[];
  /** Modules (beside the spec) that register the lab's own file kinds, checks and probes (node side). */
  plugins?: string[];
  /** The app server a live run starts for the `app` kind's hosts, relative to the spec's folder. */
  app?: string;
  /** The spec file it came from (for messages), when loaded from one. */
  file?: string;
}

export type { CheckMeta };
