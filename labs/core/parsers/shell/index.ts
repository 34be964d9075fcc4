/** Provisioning-script parser and reconstruction: what a learner's bash script leaves behind. */
export type { ReconstructedFile, ShellLink, ShellReconstruction } from './ast';
export { Lexer, lexShell, decodeAnsiC } from './lexer';
export type { HereDoc, LexProblem, Token, Word, WordPart } from './lexer';
export { parseShell, parseShellRaw, asAssignment } from './parser';
export type { Assign, Redir, ShellNode, ShellScript } from './parser';
export { reconstructScript } from './reconstruct';
export type { ReconstructOptions, StockFile } from './reconstruct';
export { parseSed, runSed, translateRegex, substitute } from './sed';
export type { SedCmd, SedProgram, SedRunResult } from './sed';
export { appendPieces, contentFromText, contentText, emptyContent } from './content';
export type { Content, Piece, TextLine } from './content';
export { bashPrintf, echoEscapes } from './textcmds';
export { DEBIAN12_STOCK, DEBIAN12_STOCK_LINKS, DEBIAN12_STOCK_SOURCES } from './stock/debian12.generated';

import { reconstructScript as reconstructScriptImpl } from './reconstruct';
/** Alias of `reconstructScript` (the name labs/core/model/parsers.ts imports). */
export const reconstruct = reconstructScriptImpl;
