export type { NginxArg, NginxConfigFile, NginxDirective, NginxParse } from './ast';
export { isSpaceCode, LUA_BLOCK_DIRECTIVES, lexNginx, NginxLexer, Tok, type NginxToken } from './lexer';
export {
  inferContext,
  MAX_INCLUDE_DEPTH,
  MAX_SAME_CODE,
  MAX_NESTING,
  oneFileTree,
  parseNginx,
  parseNginxCrossplane,
  joinChunks,
  parseNginxSource,
  parseNginxText,
  STOCK_INCLUDE_PREFIXES,
  treeSource,
  type CrossplaneError,
  type NginxParseOptions,
  type TextSource,
} from './parser';
export {
  toCrossplane,
  toCrossplaneBytes,
  toCrossplaneJSON,
  type CrossplaneConfig,
  type CrossplanePayload,
  type CrossplaneStatement,
} from './crossplane';
export {
  analyzeDirective,
  analyzeWith,
  rulesOf,
  contextBit,
  DIRECTIVE_RULES,
  editDistance,
  enterBlockContext,
  isKnownDirective,
  REFERENCE_LIB_VERSION,
  suggestDirective,
  type AnalyzeProblem,
  type AnalyzeResult,
} from './directives';
export { ARG_BLOCK, ARG_COUNT_BITS, ARG_FLAG, ARG_MORE, CONTEXT_PATHS, CTX } from './masks';
export { printNginx, quoteArg } from './printer';
export { Arg, PosBuffer, Stmt } from './nodes';
