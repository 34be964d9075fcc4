import type { Span } from '../../source';

export interface SqlAccount {
  user: string;
  /** `%` when omitted. */
  host: string;
  span: Span;
}

export interface SqlValue {
  /** Normalised option name (see `ChangeSourceStatement.options`). */
  name: string;
  /** As written: `MASTER_HOST`, `SOURCE_HOST`. */
  rawName: string;
  /** Unquoted value (`'10.0.0.21'` -> `10.0.0.21`, `slave_pos`, `4`). */
  value: string;
  span: Span;
}

interface Base {
  span: Span;
  /** The statement's text as written (without the terminating `;`). */
  text: string;
}

export interface CreateUserStatement extends Base {
  kind: 'create-user';
  ifNotExists: boolean;
  accounts: SqlAccount[];
  /** True when an `IDENTIFIED BY` / `IDENTIFIED WITH ... BY` clause is present. */
  hasPassword: boolean;
}

export interface GrantStatement extends Base {
  kind: 'grant';
  /** Upper-cased privilege names: `REPLICATION SLAVE`, `REPLICATION REPLICA`, `ALL PRIVILEGES`, `SELECT`... */
  privileges: string[];
  /** `*.*`, `app.*`... (as written, unquoted). */
  on: string;
  to: SqlAccount[];
  withGrantOption: boolean;
}

/**
 * `CHANGE MASTER TO` (MySQL 5.x/MariaDB) and `CHANGE REPLICATION SOURCE TO` (MySQL 8.0.23+).
 * Option names are normalised: host, port, user, password, log_file, log_pos, auto_position
 * (`SOURCE_AUTO_POSITION`/`MASTER_AUTO_POSITION`), use_gtid (`MASTER_USE_GTID`), connect_retry,
 * ssl, ssl_ca, ssl_cert, ssl_key, ssl_verify_server_cert, ... (the keyword without its
 * `MASTER_`/`SOURCE_` prefix, lower-cased).
 */
export interface ChangeSourceStatement extends Base {
  kind: 'change-source';
  syntax: 'CHANGE MASTER TO' | 'CHANGE REPLICATION SOURCE TO';
  options: SqlValue[];
  /** MariaDB multi-source connection name (`CHANGE MASTER 'name' TO`), if any. */
  connection?: string;
}

export interface StartReplicaStatement extends Base {
  kind: 'start-replica';
  syntax: 'START SLAVE' | 'START REPLICA';
}

export interface SetGlobalStatement extends Base {
  kind: 'set-global';
  /** Normalised variable name (`read_only`, `super_read_only`). */
  variable: string;
  value: string;
}

export interface SimpleStatement extends Base {
  kind:
    | 'flush-tables-with-read-lock'
    | 'show-master-status'
    | 'unlock-tables'
    | 'stop-replica'
    | 'reset-replica'
    | 'create-database'
    | 'use';
  /** For `create-database` / `use`: the database name. */
  name?: string;
}

/** Anything else: kept with its span, never an error. */
export interface UnparsedStatement extends Base {
  kind: 'unparsed';
}

export type SqlStatement =
  | CreateUserStatement
  | GrantStatement
  | ChangeSourceStatement
  | StartReplicaStatement
  | SetGlobalStatement
  | SimpleStatement
  | UnparsedStatement;

export interface SqlScript {
  file: string;
  statements: SqlStatement[];
}
