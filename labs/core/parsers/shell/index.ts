/** Provisioning-script parser and reconstruction: what a learner's bash script leaves behind. */
export type { ReconstructedFile, ShellLink, ShellReconstruction } from './ast';
export { Lexer, lexShell, decodeAnsiC } from './lexer';
export type { HereDoc, LexProblem, Token, Word, WordPart } from './lexer';
export { parseShell, parseShellRaw, asAssignment, problemsToDiagnostics } from './parser';
export type { Assign, Redir, ShellNode, ShellScript } from './parser';
export { reconstructScript } from './reconstruct';
export { HOST_NAME_SYMBOL } from './symbols';
export type { ReconstructOptions, StockFile } from './reconstruct';
export { parseSed, runSed, translateRegex, substitute, escapeJs } from './sed';
export type { SedAddr, SedAddr2, SedCmd, SedProgram, SedRunResult } from './sed';
export {
  appendPieces,
  cloneContent,
  contentFromText,
  contentPieces,
  contentText,
  emptyContent,
  piecesText,
} from './content';
export type { Content, Piece, TextLine } from './content';
export { bashPrintf, echoEscapes } from './textcmds';
export { DEBIAN12_STOCK, DEBIAN12_STOCK_LINKS, DEBIAN12_STOCK_SOURCES } from './stock/debian12.generated';

/** Every diagnostic code the shell parser and reconstruction can produce (see README.md for when). */
export const SHELL_DIAGNOSTIC_CODES = [
  'shell/syntax',
  'shell/unterminated-quote',
  'shell/heredoc-unterminated',
  'shell/crlf',
  'shell/unexpanded-variable',
  'shell/unbound-variable',
  'shell/cannot-reconstruct',
  'shell/host-name',
  'shell/sed-no-match',
  'shell/sed-error',
  'shell/sed-replaces-link',
  'shell/ln-exists',
  'shell/unsupported-construct',
  'shell/assumed-new-file',
  'shell/relative-target',
  'shell/unreachable',
  'shell/printf-error',
  'shell/internal',
] as const;

import { reconstructScript as reconstructScriptImpl } from './reconstruct';
/** Alias of `reconstructScript` (the name labs/core/model/parsers.ts imports). */
export const reconstruct = reconstructScriptImpl;
