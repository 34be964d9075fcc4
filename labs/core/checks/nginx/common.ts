import type { CheckContext } from '../context';
import type { HostModel, NginxUnit } from '../../model/types';
import type { NginxParse } from '../../parsers/nginx/ast';
import { defaultServer, serverBlocks, type ServerBlock, type Listen } from '../../model/nginx';
import { hostsWithRole } from '../util';

export const NOT_FOUND =
  'No Nginx configuration found in {{host}}/ (put the site file or nginx.conf, or the script that writes it, in that folder).';

export interface WebServer {
  host: HostModel;
  unit: NginxUnit;
  blocks: ServerBlock[];
  /** The server answering requests to the host's address on the web port. */
  main?: { block: ServerBlock; listen?: Listen; implicit: boolean };
  /** The parse holding the main server block (a host may have several entry files). */
  parse: NginxParse;
}

/** Each web host's config and its default server; reports `not-found` for a host without one. */
export function webServers(ctx: CheckContext, reportMissing = true): WebServer[] {
  const out: WebServer[] = [];
  for (const host of hostsWithRole(ctx, 'web')) {
    const unit = host.nginx[0];
    if (!unit) {
      if (reportMissing) ctx.report({ messageId: 'not-found', data: { host: host.name } });
      continue;
    }
    const owner = new Map<ServerBlock, NginxUnit>();
    const blocks = host.nginx.flatMap((u) => serverBlocks(u.parse).map((b) => (owner.set(b, u), b)));
    const main = defaultServer(blocks, ctx.options.webPort, host.address);
    const mainUnit = (main && owner.get(main.block)) ?? unit;
    out.push({ host, unit: mainUnit, blocks, main, parse: mainUnit.parse });
  }
  return out;
}
