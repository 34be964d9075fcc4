/**
 * The keepalived checks' test fixture: the ka-pair lab (test/fixtures/keepalived-labs/ka-pair, load
 * balancers named edge-a and edge-b), found through WEB_INFRA_LAB_SPECS while this file's tests run, and
 * the two keepalived.conf files of a correct answer, from which each case changes a line.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';

export const LAB = 'ka-pair';
export const A = 'edge-a/keepalived.conf';
export const B = 'edge-b/keepalived.conf';

/** Makes the fixture lab visible to loadLab for the tests of the calling file. */
export function useFixtureLab(): void {
  beforeAll(() => {
    vi.stubEnv('WEB_INFRA_LAB_SPECS', join(__dirname, '../../fixtures/keepalived-labs'));
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
}

/** A correct keepalived.conf (lines numbered in the comments tests rely on). */
export function conf(
  o: {
    state?: string;
    priority?: number | null;
    vrid?: number;
    vip?: string;
    pass?: string;
    extraGlobal?: string;
    track?: string;
    defs?: string;
    instanceExtra?: string;
  } = {},
): string {
  const prio = o.priority === null ? '' : `    priority ${o.priority ?? 150}\n`;
  return (
    `global_defs {\n` + // 1
    `    router_id lb\n` + // 2
    (o.extraGlobal ?? '') +
    `}\n` + // 3
    (o.defs ??
      `vrrp_track_process track_haproxy {\n` + // 4
        `    process haproxy\n` + // 5
        `}\n`) + // 6
    `vrrp_instance VI_1 {\n` + // 7
    `    state ${o.state ?? 'MASTER'}\n` + // 8
    `    interface eth0\n` + // 9
    `    virtual_router_id ${o.vrid ?? 51}\n` + // 10
    prio + // 11
    `    advert_int 1\n` + // 12
    `    authentication {\n` + // 13
    `        auth_type PASS\n` + // 14
    `        auth_pass ${o.pass ?? 'Ku7xQ2pa'}\n` + // 15
    `    }\n` + // 16
    `    virtual_ipaddress {\n` + // 17
    `        ${o.vip ?? '10.9.0.100/24'}\n` + // 18
    `    }\n` + // 19
    (o.track ?? `    track_process {\n        track_haproxy\n    }\n`) + // 20-22
    (o.instanceExtra ?? '') +
    `}\n`
  );
}

/** The correct pair: edge-a the master (150), edge-b the backup (100). */
export function pair(a: Parameters<typeof conf>[0] = {}, b: Parameters<typeof conf>[0] = {}): Record<string, string> {
  return { [A]: conf(a), [B]: conf({ state: 'BACKUP', priority: 100, ...b }) };
}

/** A keepalived.conf (recognised as one) that has no vrrp_instance yet. */
export const NO_INSTANCE = 'global_defs {\n    router_id lb\n}\nvrrp_script chk {\n    script "/bin/true"\n}\n';
