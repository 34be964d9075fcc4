/**
 * HAProxy configuration parser (pure TypeScript): lexer -> parser -> AST with spans, keyword
 * knowledge from the HAProxy 2.6 manual, helpers for checks, and a printer.
 *
 *   const { ast, diagnostics } = parseHaproxy('lb-01/haproxy.cfg', text);
 *   for (const { section, address } of sectionsBindingPort(ast, 80)) {
 *     for (const ref of backendRefs(ast, section)) {
 *       const be = ref.target;                       // backend/listen section, if it exists
 *       const balance = be && getBalance(ast, be);   // own or inherited from defaults
 *       const servers = be ? getServers(be, { cfg: ast }) : []; // name, address {host, port}, check, backup
 *       const connect = getTimeout(ast, be ?? section, 'connect'); // ms, with the line
 *     }
 *   }
 */
export type { HaproxyConfig, HaproxyLine, HaproxySection, HaproxySectionType, HaproxyWord } from './ast';
export { parseHaproxy, compareVersions, invalidNameChar } from './parser';
export type { ParseHaproxyOptions } from './parser';
export { lexHaproxy, lexLine, MAX_LINE_ARGS } from './lexer';
export type { HaproxyToken, LexedLine, LexResult } from './lexer';
export { printHaproxy } from './print';
export {
  findSections,
  sectionByName,
  getLines,
  lastLine,
  fromName,
  effectiveDefaults,
  resolveSetting,
  parseTime,
  readTime,
  getTimeout,
  parseAddress,
  addressHasPort,
  parseBindAddresses,
  parseBindLine,
  parseServerLine,
  getServers,
  getBinds,
  sectionsBindingPort,
  backendRefs,
  getBalance,
  getMode,
  FRONTEND_TYPES,
  BACKEND_TYPES,
} from './helpers';
export type { ActiveOptions, Resolved, TimeValue, AddressFamily, HaproxyAddress, BindInfo, LineOption, ServerInfo, BackendRef } from './helpers';
export * as haproxyKeywords from './keywords';
