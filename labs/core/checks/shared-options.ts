/**
 * Option declarations several checks share (a lab sets each once, lab-wide, in its spec's
 * `options:`). Defaults are protocol defaults only; a lab's own values (its header, database,
 * route) have none, so the spec must give them.
 */
import type { OptionSpec } from './options';

export const lbPort = {
  type: 'port',
  default: 80,
  description: "The port the load balancer's frontend binds.",
} as const satisfies OptionSpec;
export const webPort = {
  type: 'port',
  default: 80,
  description: 'The port each web server listens on.',
} as const satisfies OptionSpec;
export const appPort = { type: 'port', description: "The application server's port." } as const satisfies OptionSpec;
export const appRoute = {
  type: 'path',
  description: 'The route the web servers proxy to the application server.',
} as const satisfies OptionSpec;
export const header = {
  type: 'string',
  description: 'The response header naming the web server that answered.',
} as const satisfies OptionSpec;
export const database = {
  type: 'string',
  description: 'The database the primary replicates to the replica.',
} as const satisfies OptionSpec;
export const mysqlPort = {
  type: 'port',
  default: 3306,
  description: 'The MySQL port the replica connects to.',
} as const satisfies OptionSpec;
