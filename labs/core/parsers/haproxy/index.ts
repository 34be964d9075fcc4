/**
 * HAProxy configuration parser (pure TypeScript): lexer -> parser -> AST with spans, keyword
 * knowledge from the HAProxy 2.6 manual, address and time reading, and a printer. The questions
 * checks ask of a parsed config (frontends on a port, backends, servers with `default-server`,
 * settings inherited from defaults, timeouts) live in one place, `labs/core/model/haproxy.ts`:
 *
 *   const { ast, diagnostics } = parseHaproxy('lb-01/haproxy.cfg', text);
 *   // import { frontendsOnPort, backendRefs, getBalance, serversOf, getTimeout } from '../../model/haproxy';
 *   for (const { section, address } of frontendsOnPort(ast, 80)) {
 *     for (const ref of backendRefs(ast, section)) {
 *       const be = ref.target;                        // backend/listen section, if it exists
 *       const balance = be && getBalance(ast, be);    // own or inherited from defaults
 *       const servers = be ? serversOf(be, ast) : []; // name, address, port, check, backup (default-server applied)
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
export { parseAddress, addressHasPort, parseBindAddresses, readTime, parseTime } from './address';
export type { AddressFamily, HaproxyAddress, TimeValue } from './address';
export * as haproxyKeywords from './keywords';
