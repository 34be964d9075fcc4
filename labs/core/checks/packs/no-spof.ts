/**
 * Lab 3's checks (no-spof: a keepalived pair of load balancers): its static checks and its live probes' metadata, one module so that a browser loads them only when it
 * checks this lab (../index.browser.ts); the CLI and the site carry every pack (../index.ts).
 */
import type { CheckDefinition } from '../types';
import type { StaticCheck } from '../context';
import { noSpofMetas } from '../live/no-spof';
import haproxyBindsVip from '../haproxy/binds-vip';
import haproxyIdenticalLbs from '../haproxy/identical-lbs';
import keepalivedValidConfig from '../keepalived/valid-config';
import keepalivedSameGroup from '../keepalived/same-group';
import keepalivedOneMaster from '../keepalived/one-master';
import keepalivedTracksHaproxy from '../keepalived/tracks-haproxy';
import keepalivedFailoverMath from '../keepalived/failover-math';
import keepalivedScriptSecurity from '../keepalived/script-security';
import keepalivedUnicastConsistent from '../keepalived/unicast-consistent';
import firewallVrrpAllowed from '../firewall/vrrp-allowed';

export const packStatic: StaticCheck[] = [
  haproxyBindsVip,
  haproxyIdenticalLbs,
  keepalivedValidConfig,
  keepalivedSameGroup,
  keepalivedOneMaster,
  keepalivedTracksHaproxy,
  keepalivedFailoverMath,
  keepalivedScriptSecurity,
  keepalivedUnicastConsistent,
  firewallVrrpAllowed,
];

export const packChecks: CheckDefinition[] = [
  ...(packStatic as unknown as CheckDefinition[]),
  ...noSpofMetas.map((meta) => ({ meta })),
];
