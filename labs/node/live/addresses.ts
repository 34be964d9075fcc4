/**
 * The inventory is the learner's; the sandbox is ours. Live mode always runs each host at the lab's
 * own sandbox address (a private 10.0.0.x in a namespace, or 127.x in loopback mode), never at a
 * learner's address (often a public one), so the learner's addresses in their configs are mapped onto
 * the sandbox's, in one pass (a learner address that happens to equal another host's sandbox address
 * is not rewritten twice), and the mapping is reported. A script's `$(hostname)` (HOST_NAME_SYMBOL in
 * the reconstruction) becomes each host's own name.
 */
import type { Model } from '../../core/model/types';
import { HOST_NAME_SYMBOL } from '../../core/parsers/shell/symbols';

export interface AddressMapping {
  /** learner address (lower case) -> sandbox address */
  map: Map<string, string>;
  /** `web-01 203.0.113.45 -> 10.0.0.11` per mapped host. */
  lines: string[];
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** From the model's inventory (declared or inferred): every learner address that is not the host's sandbox address. */
export function learnerAddressMap(
  model: unknown,
  sandbox: ReadonlyArray<{ name: string; address: string }>,
): AddressMapping {
  const map = new Map<string, string>();
  const lines: string[] = [];
  const entries = (model as Partial<Model> | undefined)?.inventory?.entries;
  if (!entries) return { map, lines };
  for (const h of sandbox) {
    const e = entries[h.name];
    if (!e || e.origin === 'default') continue;
    const from = e.address.trim().toLowerCase();
    if (!from || from === h.address || map.has(from)) continue;
    map.set(from, h.address);
    lines.push(`${h.name} ${e.address} -> ${h.address}`);
  }
  return { map, lines };
}

/** Replaces whole addresses and host names (not a prefix of a longer one: 10.0.0.1 in 10.0.0.12 stays). */
export function mapAddresses(text: string, map: ReadonlyMap<string, string>): { text: string; count: number } {
  if (map.size === 0) return { text, count: 0 };
  const alts = [...map.keys()].sort((a, b) => b.length - a.length).map(esc);
  const re = new RegExp(`(?<![\\w.-])(${alts.join('|')})(?![\\w-]|\\.\\w)`, 'gi');
  let count = 0;
  const out = text.replace(re, (m) => {
    const to = map.get(m.toLowerCase());
    if (to === undefined) return m;
    count++;
    return to;
  });
  return { text: out, count };
}

/** `@HOSTNAME@` (what a script's `$(hostname)` reconstructs to) -> the host's own name. */
export function substituteHostName(text: string, host: string): { text: string; count: number } {
  const parts = text.split(HOST_NAME_SYMBOL);
  return { text: parts.join(host), count: parts.length - 1 };
}
