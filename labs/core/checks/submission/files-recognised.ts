import { defineCheck } from '../context';

export default defineCheck(
  {
    id: 'submission/files-recognised',
    title: 'Every file of the submission was recognised',
    component: 'submission',
    severity: 'warning',
    points: 0,
    messages: {
      'unknown-content': '{{file}} was not recognised as any configuration, SQL or script this lab reads ({{reason}}); it was not checked.',
      'no-host': '{{file}} is not inside a host folder ({{hosts}}), so it was not checked.',
      'unexpected-kind': '{{file}} looks like {{kind}} ({{reason}}), which does not belong on {{host}} (a {{role}}); it was not checked.',
      'load': '{{detail}}',
      'missing-host': 'There is no {{host}}/ folder: the checks about {{host}} fail with "not found".',
    },
    hint: 'Put each file in the folder of the host it configures (lb-01/, web-01/, web-02/, app-01/, db-primary/, db-replica/); remove files that are not part of your answer.',
  },
  (ctx) => {
    const hosts = Object.keys(ctx.model.hosts).join(', ');
    for (const u of ctx.model.unrecognised) {
      const h = u.file.host ? ctx.model.hosts[u.file.host] : undefined;
      ctx.report({
        messageId: u.reason,
        data: { file: u.file.fromScript ? `${u.file.target} (written by ${u.file.fromScript})` : u.file.path, reason: u.file.reason, hosts, kind: u.file.kind, host: h?.name ?? '', role: h?.role ?? '' },
        loc: u.file.fromScript ? { file: u.file.fromScript, line: 1, column: 1 } : u.file.source.text.length || ctx.model.sources.has(u.file.path) ? { file: u.file.path, line: 1, column: 1 } : undefined,
      });
    }
    for (const d of ctx.model.diagnostics) {
      ctx.report({ messageId: 'load', data: { detail: d.message }, loc: ctx.model.sources.has(d.span.file) ? d.span : undefined, severity: d.severity === 'error' ? 'warning' : d.severity });
    }
    for (const h of Object.values(ctx.model.hosts)) if (!h.present && !h.optional) ctx.report({ messageId: 'missing-host', data: { host: h.name }, severity: 'info' });
  },
);
