/**
 * The topology model built once from a submission: every file sniffed, parsed once, scripts
 * reconstructed, grouped by host. Checks only read this; they never parse.
 */
import type { Diagnostic, SourceFile, Span } from '../source';
import type { HaproxyConfig } from '../parsers/haproxy/ast';
import type { NginxParse } from '../parsers/nginx/ast';
import type { MyCnfFile } from '../parsers/mycnf/ast';
import type { SqlScript } from '../parsers/sql/ast';
import type { ShellReconstruction } from '../parsers/shell/ast';
import type { HostRole, LabSpec } from '../spec/types';

export type FileKind =
  | 'haproxy'
  | 'nginx'
  | 'mycnf'
  | 'sql'
  | 'shell'
  | 'firewall'
  | 'systemd'
  | 'answers'
  | 'inventory'
  | 'readme'
  | 'unknown'
  | (string & {});

export interface ModelFile {
  /** The learner's file (submission-relative), or `<script>#<target>` for a file a script writes. */
  path: string;
  host?: string;
  kind: FileKind;
  /** 0..1, from content sniffing. */
  confidence: number;
  reason: string;
  source: SourceFile;
  /** For reconstructed files: the learner's script it came from. */
  fromScript?: string;
  target?: string;
}

export interface HaproxyUnit {
  host: string;
  file: ModelFile;
  config: HaproxyConfig;
  diagnostics: Diagnostic[];
}

export interface NginxUnit {
  host: string;
  /** The entry file (not included by another file of the host). */
  file: ModelFile;
  parse: NginxParse;
}

export interface MyCnfUnit {
  host: string;
  file: ModelFile;
  cnf: MyCnfFile;
  diagnostics: Diagnostic[];
}

export interface SqlUnit {
  host: string;
  file: ModelFile;
  script: SqlScript;
  diagnostics: Diagnostic[];
}

export interface ScriptUnit {
  host?: string;
  file: ModelFile;
  reconstruction: ShellReconstruction;
}

/** What an app-01 file says about where the application listens. */
export interface AppUnit {
  host: string;
  file: ModelFile;
  bind?: { address?: string; port?: number; span: Span };
}

/** A file of a registered (plug-in) kind, parsed by its kind's parser (labs/core/kinds.ts). */
export interface KindUnit<A = unknown> {
  host: string;
  file: ModelFile;
  ast: A;
  diagnostics: Diagnostic[];
}

export interface HostModel {
  name: string;
  role: HostRole;
  /**
   * The learner's address for this host: from inventory.yaml, else inferred from the submission
   * (model/inventory.ts), else the lab's sandbox default (`addressOrigin: 'default'`, which checks
   * never compare a learner's value with).
   */
  address: string;
  addressOrigin: InventoryEntry['origin'];
  optional: boolean;
  /** The folder exists in the submission (with at least one file). */
  present: boolean;
  files: ModelFile[];
  haproxy: HaproxyUnit[];
  nginx: NginxUnit[];
  mycnf: MyCnfUnit[];
  sql: SqlUnit[];
  scripts: ScriptUnit[];
  app: AppUnit[];
  /** Files of registered kinds, by kind id (see `unitsOf` in checks/util.ts). */
  units: Record<string, KindUnit[]>;
}

export interface YamlData {
  file: string;
  /** The parsed value (plain JS). */
  data: unknown;
  /** Span of the value at a key path (or of the nearest ancestor; the file start when absent). */
  locate(path: ReadonlyArray<string | number>): Span;
  diagnostics: Diagnostic[];
}

export interface InventoryEntry {
  address: string;
  /** `inventory`: inventory.yaml; `inferred`: from the submission's files; `default`: the lab's sandbox address (unknown). */
  origin: 'inventory' | 'inferred' | 'default';
  /** Where it came from, for people: `inventory.yaml`, `server web-01 203.0.113.4 in lb-01's backend (lb-01/haproxy.cfg:12)`. */
  from: string;
  span?: Span;
}

export interface Inventory {
  /** Host name -> address (the learner's where known, see `entries`). */
  hosts: Record<string, string>;
  /** Host name -> address with its origin. */
  entries: Record<string, InventoryEntry>;
  /** Where each learner-given address was written. */
  spans: Record<string, Span>;
  file?: string;
  /** `lab:` key found in answers.yaml or inventory.yaml. */
  lab?: string;
  /** What in inventory.yaml could not be used (reported by submission/files-recognised). */
  diagnostics?: Diagnostic[];
}

export interface Model {
  lab: LabSpec;
  hosts: Record<string, HostModel>;
  /** Every file: the learner's, and the reconstructed ones. */
  files: ModelFile[];
  /** Source text of every file by path (learner files and reconstructed files). */
  sources: Map<string, SourceFile>;
  inventory: Inventory;
  answers?: YamlData;
  /**
   * A script's Nginx file read again under the name of a link to it (`SCRIPT#/etc/nginx/sites-enabled/default`
   * -> `SCRIPT#/etc/nginx/sites-available/default`), as nginx.conf's `include /etc/nginx/sites-enabled/*;`
   * reads it; its source is in `sources`.
   */
  linkedFiles?: Map<string, ModelFile>;
  /** Files that fit nowhere (unknown content, or outside any host folder). */
  unrecognised: Array<{ file: ModelFile; reason: 'unknown-content' | 'no-host' | 'unexpected-kind' }>;
  /** Load and decode problems (unreadable, binary, too large...). */
  diagnostics: Diagnostic[];
}
