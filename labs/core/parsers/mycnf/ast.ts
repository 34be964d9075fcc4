import type { Span } from '../../source';

/** One option line of a MySQL/MariaDB option file. */
export interface MyCnfOption {
  /** As written: `Server-ID`, `loose-log_bin`. */
  rawName: string;
  /** Normalised for comparison: `loose-` removed, `-` -> `_`, lower-cased (`server_id`, `log_bin`). */
  name: string;
  loose: boolean;
  /** Unquoted, unescaped value; undefined for a bare option (`log-bin`, `skip-name-resolve`). */
  value?: string;
  rawValue?: string;
  /** Normalised group name (`mysqld`, `mariadb`, `client`, `mysqld-10.11`). */
  group: string;
  file: string;
  span: Span;
  valueSpan?: Span;
}

export interface MyCnfGroup {
  /** Normalised (lower-case). */
  name: string;
  rawName: string;
  file: string;
  span: Span;
  options: MyCnfOption[];
}

export interface MyCnfInclude {
  directive: '!include' | '!includedir';
  path: string;
  span: Span;
  /** Submission-relative paths it pulled in (empty when refused or not found). */
  resolved: string[];
}

export interface MyCnfFile {
  file: string;
  groups: MyCnfGroup[];
  includes: MyCnfInclude[];
  /** Every option of this file and its includes, in the order the server reads them. */
  options: MyCnfOption[];
}
