import { defineCheck } from '../context';

export default defineCheck(
  {
    id: 'submission/scripts-reconstructed',
    title: 'Provisioning scripts do what they seem to',
    component: 'submission',
    severity: 'warning',
    points: 0,
    messages: {
      'script-problem': '{{detail}}',
      'no-output': '{{file}} is a shell script, but it writes no configuration file this lab reads.',
    },
    hint: 'Run the script on a fresh machine (or `web-infra-lab parse SCRIPT --extract DIR`) and compare the files it leaves with what you meant.',
  },
  (ctx) => {
    for (const h of Object.values(ctx.model.hosts)) {
      for (const s of h.scripts) {
        const rec = s.reconstruction;
        for (const d of rec.diagnostics) {
          if (d.severity === 'info') continue;
          ctx.report({
            messageId: 'script-problem',
            data: { detail: d.message, code: d.code },
            loc: d.span,
            severity: 'warning',
          });
        }
        // Unexpanded variables come as diagnostics too (shell/unexpanded-variable), with the target file named.
        if (rec.files.length === 0)
          ctx.report({
            messageId: 'no-output',
            data: { file: s.file.path },
            loc: { file: s.file.path, line: 1, column: 1 },
            severity: 'info',
          });
      }
    }
  },
);
