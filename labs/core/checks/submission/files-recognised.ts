import { defineCheck } from '../context';

export default defineCheck(
  {
    id: 'submission/files-recognised',
    title: 'Every file of the submission was recognised',
    component: 'submission',
    severity: 'warning',
    points: 0,
    messages: {
      'unknown-content':
        '{{file}} was not recognised as any configuration, SQL or script this lab reads ({{reason}}); it was not checked.',
      'no-host': '{{file}} is not inside a host folder ({{hosts}}), so it was not checked.',
      'unexpected-kind':
        '{{file}} looks like {{kind}} ({{reason}}), which does not belong on {{host}} (a {{role}}); it was not checked.',
      load: '{{detail}}',
      parse: '{{detail}}',
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
        data: {
          file: u.file.fromScript ? `${u.file.target} (written by ${u.file.fromScript})` : u.file.path,
          reason: u.file.reason,
          hosts,
          kind: u.file.kind,
          host: h?.name ?? '',
          role: h?.role ?? '',
        },
        loc: u.file.fromScript
          ? { file: u.file.fromScript, line: 1, column: 1 }
          : u.file.source.text.length || ctx.model.sources.has(u.file.path)
            ? { file: u.file.path, line: 1, column: 1 }
            : undefined,
      });
    }
    for (const d of ctx.model.diagnostics) {
      ctx.report({
        messageId: 'load',
        data: { detail: d.message },
        loc: ctx.model.sources.has(d.span.file) ? d.span : undefined,
        // (a file the time budget did not reach was not checked at all: that is no pass)
        severity: d.severity === 'error' && d.code !== 'file/time-budget' ? 'warning' : d.severity,
      });
    }
    // Every parser diagnostic of the option files and SQL scripts (HAProxy and Nginx ones are reported by
    // their valid-config checks, scripts' by submission/scripts-reconstructed): what `parse` says, `check` says.
    const seen = new Set<string>();
    for (const h of Object.values(ctx.model.hosts)) {
      for (const u of [...h.mycnf, ...h.sql]) {
        for (const d of u.diagnostics)
          if (
            !seen.has(`${d.code} ${d.span.file}:${d.span.line}:${d.span.column}`) &&
            seen.add(`${d.code} ${d.span.file}:${d.span.line}:${d.span.column}`)
          )
            ctx.report({
              messageId: 'parse',
              data: { file: d.span.file, detail: d.message, code: d.code },
              loc: ctx.model.sources.has(d.span.file) ? d.span : undefined,
              severity: d.severity,
            });
      }
    }
    for (const h of Object.values(ctx.model.hosts))
      if (!h.present && !h.optional)
        ctx.report({ messageId: 'missing-host', data: { host: h.name }, severity: 'info' });
  },
);
