export type * from './ast';
export { type RawStatement, type Token, type TokenType, lexStatements } from './lexer';
export { normalizeChangeOption, parseSql } from './parser';
