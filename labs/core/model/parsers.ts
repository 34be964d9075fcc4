/**
 * The one place the model calls the parsers (so the model is built against the AST contracts and
 * this file follows the parsers' entry points).
 */
import type { Diagnostic, ParseResult } from '../source';
import type { FileTree } from '../vfs';
import type { HaproxyConfig } from '../parsers/haproxy/ast';
import type { NginxParse } from '../parsers/nginx/ast';
import type { MyCnfFile } from '../parsers/mycnf/ast';
import type { SqlScript } from '../parsers/sql/ast';
import type { ShellReconstruction } from '../parsers/shell/ast';
// The parsers' own modules, not their index files (which also pull printers and crossplane
// output): fewer modules to load at start-up.
import { parseMyCnf } from '../parsers/mycnf/parser';
import { parseHaproxy } from '../parsers/haproxy/parser';
import { parseNginx } from '../parsers/nginx/parser';
import { parseSql } from '../parsers/sql/parser';
import { scriptOf as reconstruct } from './script-support';
import { sniff } from '../parsers/sniff';

export interface Sniffed {
  kind: string;
  confidence: number;
  reason: string;
}

export function sniffText(path: string, text: string): Sniffed {
  const s = sniff(path, text) as Sniffed;
  return { kind: s.kind, confidence: s.confidence, reason: s.reason };
}

export function haproxyOf(file: string, text: string): ParseResult<HaproxyConfig> {
  return parseHaproxy(file, text);
}

export function nginxOf(tree: FileTree, entry: string): NginxParse {
  return parseNginx(tree, entry);
}

export function mycnfOf(tree: FileTree, entry: string): ParseResult<MyCnfFile> {
  return parseMyCnf(tree, entry);
}

export function sqlOf(file: string, text: string): ParseResult<SqlScript> {
  return parseSql(file, text);
}

export function scriptOf(file: string, text: string): ShellReconstruction {
  return reconstruct(file, text);
}

export type { Diagnostic };
