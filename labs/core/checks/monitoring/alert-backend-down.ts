import { defineCheck } from '../context';
import { hostsWithRole } from '../util';
import { prometheusConfigs, readOwn } from '../../monitoring/prometheus';
import { readAlertRules, type AlertRule } from '../../monitoring/alerts';
import type { HostModel, ModelFile } from '../../model/types';

/**
 * Metrics that change when a web server behind HAProxy goes down: HAProxy's built-in exporter (per server,
 * per backend) and the Nginx exporter's own `nginx_up`. `up{job=...}` says whether an exporter answers a
 * scrape, which a stopped Nginx does not change when its exporter runs apart.
 */
const DOWN_METRICS =
  /\b(haproxy_server_status|haproxy_backend_active_servers|haproxy_backend_status|haproxy_server_check_status|haproxy_server_check_failures_total|haproxy_backend_up|haproxy_server_up|nginx_up)\b/;

/** A rules file a host holds: a file with `groups:` and at least one rule. */
function ruleFilesOf(host: HostModel): Array<{ file: ModelFile; rules: AlertRule[] }> {
  return readOwn(host.files, readAlertRules, (rules) => rules.length > 0)
    .map(({ file, value }) => ({ file, rules: value }))
    .filter((r) => r.rules.length || /^groups\s*:/m.test(r.file.source.text));
}

const base = (p: string) => p.split('/').pop() ?? p;

/** Does a `rule_files:` entry (a path or a glob: `*.yml`, `rules/*.yaml`) name this file? */
export function listedIn(entries: string[], file: ModelFile): boolean {
  const names = [base(file.path), ...(file.target ? [base(file.target)] : [])];
  return entries.some((e) => {
    const last = base(e);
    const re = new RegExp(
      `^${last
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '.')}$`,
    );
    return names.some((n) => re.test(n));
  });
}

export default defineCheck(
  {
    id: 'monitoring/alert-backend-down',
    reads: ['yaml'],
    tool: 'promtool test rules',
    title: 'An alert fires when a web server behind the load balancer goes down',
    component: 'monitoring',
    severity: 'error',
    points: 1,
    messages: {
      'no-rules':
        'No alert rules file (a file with `groups:` and `- alert:` rules) in {{hosts}}/: Prometheus collects the metrics, but nobody is told when a web server goes down.',
      'not-loaded':
        "`{{file}}` holds alert rules, but prometheus.yml's `rule_files:` does not name it, so Prometheus never loads them. Add `- {{name}}` under `rule_files:`.",
      'no-backend-alert':
        'None of the alerts ({{names}}) looks at a web server being down: no expression uses `haproxy_server_status`, `haproxy_backend_active_servers` or `nginx_up`. Add one such as `haproxy_server_status{state="UP"} == 0`.',
      'for-long':
        '`{{rule}}`: a web server must be down for {{for}} before this alert fires. The site runs on half its servers meanwhile; 1 to 2 minutes is usual.',
      fires:
        '`promtool test rules`: `{{alert}}` fired {{when}} after {{server}} stopped (its HAProxy server DOWN, `nginx_up` 0), in a test of {{minutes}} minutes.',
      silent:
        '`promtool test rules`: with {{server}} down for {{minutes}} minutes (its HAProxy server DOWN, `nginx_up` 0), none of your alerts ({{names}}) fired.',
      'false-alarm':
        '`promtool test rules`: `{{alert}}` fires while every server is up. An alert that is always on is soon ignored.',
      tool: '`{{tool}}` says: {{detail}}',
    },
    hint: 'In monitor-01/alerts.yml (listed under `rule_files:`): `- alert: BackendServerDown`, `expr: haproxy_server_status{state="UP"} == 0`, `for: 30s`.',
  },
  (ctx) => {
    const monitors = hostsWithRole(ctx, 'monitor');
    const files = monitors.flatMap(ruleFilesOf);
    if (!files.length) {
      ctx.report({ messageId: 'no-rules', data: { hosts: monitors.map((m) => m.name).join(', ') || 'monitor-01' } });
      return;
    }
    const listed = prometheusConfigs(monitors).flatMap((c) => c.ruleFiles);
    const loaded = files.filter((f) => listedIn(listed, f.file));
    for (const f of files)
      if (!loaded.includes(f) && f.rules.length)
        ctx.report({
          messageId: 'not-loaded',
          data: { file: f.file.target ?? f.file.path, name: base(f.file.target ?? f.file.path) },
          loc: f.rules[0]!.span,
        });
    const rules = loaded.flatMap((f) => f.rules);
    const ran = (ctx.external ?? []).some((e) => ['fires', 'silent', 'false-alarm'].includes(e.messageId));
    for (const e of ctx.external ?? []) ctx.report(e);
    const down = rules.filter((r) => r.expr && DOWN_METRICS.test(r.expr));
    if (!ran && rules.length && !down.length)
      ctx.report({
        messageId: 'no-backend-alert',
        data: { names: rules.map((r) => r.name).join(', ') },
        loc: rules[0]!.exprSpan ?? rules[0]!.span,
      });
    for (const r of down)
      if ((r.forSeconds ?? 0) > 300)
        ctx.report({
          messageId: 'for-long',
          data: { rule: `for: ${r.for}`, for: r.for ?? '' },
          loc: r.forSpan ?? r.span,
          severity: 'warning',
        });
  },
);
