/**
 * The keepalived.conf file kind: recognised by its keywords, parsed by parsers/keepalived, written by
 * scripts to /etc/keepalived/*.conf. Bundled with the engine (kinds/index.ts), so every lab and the
 * browser bundle know it without a plug-in. Imports only types from ../kinds (no import cycle).
 */
import type { KindDefinition } from '../kinds';
import { parseKeepalived, type KeepalivedConf } from '../parsers/keepalived';

/** Keywords only keepalived.conf has, with how much each says. */
const SIGNS: Array<[RegExp, number, string]> = [
  [/^[^\S\n]*vrrp_instance[^\S\n]/m, 3, 'vrrp_instance'],
  [/^[^\S\n]*virtual_router_id[^\S\n]/m, 2, 'virtual_router_id'],
  [/^[^\S\n]*virtual_ipaddress\b/m, 2, 'virtual_ipaddress'],
  [/^[^\S\n]*vrrp_script[^\S\n]/m, 2, 'vrrp_script'],
  [/^[^\S\n]*vrrp_track_process[^\S\n]/m, 2, 'vrrp_track_process'],
  [/^[^\S\n]*global_defs\b/m, 1, 'global_defs'],
  [/^[^\S\n]*auth_pass[^\S\n]/m, 1, 'auth_pass'],
  [/^[^\S\n]*(real_server|lb_algo|lb_kind)[^\S\n]/m, 1, 'virtual_server'],
];

export const keepalivedKind: KindDefinition<KeepalivedConf> = {
  id: 'keepalived',
  title: 'keepalived.conf',
  sniff(_path, text) {
    // the first 256 KB say enough (and keep the regular expressions' work bounded)
    const head = text.length > 262_144 ? text.slice(0, 262_144) : text;
    let score = 0;
    const seen: string[] = [];
    for (const [re, points, name] of SIGNS)
      if (re.test(head)) {
        score += points;
        seen.push(name);
      }
    if (score < 3 || seen.length < 2) return undefined;
    return { confidence: Math.min(0.95, 0.5 + score / 20), reason: `keepalived keywords (${seen.join(', ')})` };
  },
  parse: (source) => parseKeepalived(source),
  targets: [/^\/etc\/keepalived\/[^/]+\.conf$/, /(^|\/)keepalived\.conf$/],
};
