import { defineCheck } from '../context';
import { hostsWithRole } from '../util';
import { prometheusConfigs } from '../../monitoring/prometheus';
import { verdict } from '../firewall/common';

export default defineCheck(
  {
    id: 'monitoring/prometheus-config',
    reads: ['yaml'],
    tool: 'promtool check config',
    title: 'Prometheus on the monitoring host scrapes every server',
    component: 'monitoring',
    severity: 'error',
    points: 2,
    messages: {
      'not-found':
        'No prometheus.yml (a file with `scrape_configs:`) in {{hosts}}/: nothing collects the metrics the exporters offer.',
      unscraped: 'No job scrapes {{host}} ({{names}}): its metrics are collected by nobody.',
      'address-unknown':
        "{{host}}'s address is not known (add it to inventory.yaml), and {{targets}} name no host this lab knows: one of them may be {{host}}, so it is not judged.",
      'scrape-blocked':
        '`{{target}}`: {{what}} is dropped ({{why}}), so this scrape fails. Allow the port from the monitoring host on {{host}}.',
      'path-in-target':
        '`{{target}}` has a path: a target is `host:port` only ("is not a valid hostname", says promtool); put the path in `metrics_path: {{path}}`.',
      tool: '`{{tool}}` says: {{detail}}',
      'tool-ok': '`{{tool}}` accepted the configuration.',
    },
    hint: "In monitor-01/prometheus.yml, one job per exporter with `static_configs: - targets: ['<address>:<port>', ...]` naming every server.",
  },
  (ctx) => {
    const monitors = hostsWithRole(ctx, 'monitor');
    const confs = prometheusConfigs(monitors);
    if (!confs.length) {
      ctx.report({ messageId: 'not-found', data: { hosts: monitors.map((m) => m.name).join(', ') || 'monitor-01' } });
      return;
    }
    const targets = confs.flatMap((c) => c.jobs.flatMap((j) => j.targets));
    let pathInTarget = false;
    for (const t of targets) {
      const slash = t.value.indexOf('/');
      if (slash > 0) {
        pathInTarget = true;
        ctx.report({ messageId: 'path-in-target', data: { target: t.value, path: t.value.slice(slash) }, loc: t.span });
      }
    }
    // promtool's findings (labs/node/tools/promtool.ts), but not what path-in-target already says at its line
    for (const f of ctx.external ?? [])
      if (!(pathInTarget && /is not a valid hostname/.test(String(f.data?.detail ?? '')))) ctx.report(f);
    // every scrape must get through the target's firewall (the lab's own traffic: monitor -> exporters)
    const hosts = Object.values(ctx.model.hosts);
    for (const c of confs) {
      const monitor = monitors.find((m) => m.files.includes(c.file));
      if (!monitor) continue;
      for (const t of c.jobs.flatMap((j) => j.targets)) {
        const host = hosts.find(
          (h) =>
            h.name === t.host ||
            t.host.split('.')[0] === h.name ||
            (h.addressOrigin !== 'default' && h.address === t.host),
        );
        if (!host || host === monitor || t.port === undefined || t.value.includes('/')) continue;
        const v = verdict(host, { from: monitor, proto: 'tcp', port: t.port });
        if (v.verdict === 'deny')
          ctx.report({
            messageId: 'scrape-blocked',
            data: { target: t.value, what: v.what, why: v.why, host: host.name },
            loc: t.span,
          });
      }
    }
    if (confs.some((c) => c.jobs.some((j) => j.otherDiscovery))) return;
    const first = confs[0];
    const present = Object.values(ctx.model.hosts).filter((h) => h.present && h.role !== 'monitor');
    const namesOf = (h: (typeof present)[number]) => [h.name, ...(h.addressOrigin !== 'default' ? [h.address] : [])];
    const scrapes = (h: (typeof present)[number], t: (typeof targets)[number]) =>
      namesOf(h).includes(t.host) || t.host.split('.')[0] === h.name;
    // targets no known host answers to: possibly the hosts whose address the answer never gives
    const unattributed = targets.filter((t) => !Object.values(ctx.model.hosts).some((h) => scrapes(h, t)));
    for (const host of present) {
      if (targets.some((t) => scrapes(host, t))) continue;
      const loc = first.jobs[0]?.span ?? { file: first.file.path, line: 1, column: 1 };
      if (host.addressOrigin === 'default' && unattributed.length)
        ctx.report({
          messageId: 'address-unknown',
          data: { host: host.name, targets: unattributed.map((t) => t.value).join(', ') },
          loc,
          severity: 'info',
        });
      else ctx.report({ messageId: 'unscraped', data: { host: host.name, names: namesOf(host).join(' or ') }, loc });
    }
  },
);
