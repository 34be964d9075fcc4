import { defineCheck } from '../context';
import type { HostModel } from '../../model/types';

/** Packages that are a metrics collector on a host. */
const COLLECTORS =
  /^(prometheus-node-exporter|prometheus-.*-exporter|node-exporter|netdata|collectd|telegraf|datadog-agent|zabbix-agent2?|prometheus)$/;

function collector(host: HostModel): string | undefined {
  for (const s of host.scripts) {
    const p = s.reconstruction.packages.find((x) => COLLECTORS.test(x.name));
    if (p) return p.name;
  }
  // a unit file or a script that starts node_exporter itself, or a download of it
  for (const f of host.files)
    if (/\bnode_exporter\b|\bdatadog-agent\b|\bnetdata\b/.test(f.source.text.slice(0, 200_000))) return 'node_exporter';
  // HAProxy's own exporter collects for the load balancer
  if (host.haproxy.some((u) => /use-service\s+prometheus-exporter/.test(u.file.source.text))) return 'HAProxy';
  return undefined;
}

export default defineCheck(
  {
    id: 'monitoring/collectors',
    reads: ['shell'],
    title: 'Every server runs a metrics collector',
    component: 'monitoring',
    severity: 'error',
    points: 2,
    messages: {
      missing:
        'Nothing on {{host}} collects metrics: no exporter or agent is installed or started in {{host}}/ (e.g. `apt-get install -y prometheus-node-exporter` in a script there), so a full disk or a dead service goes unnoticed.',
    },
    hint: 'Install an exporter on every server (`sudo apt-get install -y prometheus-node-exporter`, port 9100) in a script in its folder, and scrape it from monitor-01.',
  },
  (ctx) => {
    for (const host of Object.values(ctx.model.hosts)) {
      if (!host.present || host.role === 'monitor') continue;
      if (!collector(host)) {
        const first = host.files.find((f) => !f.fromScript);
        ctx.report({
          messageId: 'missing',
          data: { host: host.name },
          ...(first ? { loc: { file: first.path, line: 1, column: 1 } } : {}),
        });
      }
    }
  },
);
