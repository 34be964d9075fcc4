import { defineCheck } from '../context';
import { KA_MESSAGES, loadBalancers } from './common';

/** A provisioning script of the host that creates the keepalived_script user (scripts then run as it). */
const CREATES_USER = /\b(useradd|adduser)\b[^\n]*\bkeepalived_script\b/;

export default defineCheck(
  {
    id: 'keepalived/script-security',
    reads: ['keepalived'],
    title: 'keepalived may run the tracking scripts',
    component: 'keepalived',
    severity: 'error',
    points: 1,
    messages: {
      ...KA_MESSAGES,
      'not-enabled':
        '{{host}}: vrrp_script {{name}} runs a command, but global_defs has no `enable_script_security`: keepalived runs it as root and says "SECURITY VIOLATION - scripts are being executed but script_security not enabled." (`keepalived -t` exits with status 6), so whoever can change the script or a folder on its path can run anything as root. Add `enable_script_security` and `script_user` to global_defs.',
      'no-user':
        '{{host}}: vrrp_script {{name}} has no user to run as: there is no `script_user` in global_defs and Debian has no `keepalived_script` user, so keepalived says "Unable to set default user for vrrp script {{name}} - removing". Add `script_user root` (or create the keepalived_script user).',
    },
    hint: 'In global_defs: `enable_script_security` and `script_user root` (or a dedicated user). A `vrrp_track_process` needs neither: it runs no script.',
  },
  (ctx) => {
    for (const { host, conf, inst } of loadBalancers(ctx)) {
      const used = conf.scripts.filter(
        (s) => s.script !== undefined && inst.trackScripts.some((r) => r.name === s.name),
      );
      if (!used.length) continue;
      const g = conf.globalDefs;
      if (!g.enableScriptSecurity) {
        ctx.report({
          messageId: 'not-enabled',
          data: { host: host.name, name: used[0].name },
          loc: used[0].scriptSpan ?? used[0].span,
        });
        continue;
      }
      if (g.scriptUser !== undefined) continue;
      const createsUser = host.files.some((f) => CREATES_USER.test(f.source.text));
      if (createsUser) continue;
      for (const s of used.filter((x) => x.user === undefined))
        ctx.report({ messageId: 'no-user', data: { host: host.name, name: s.name }, loc: s.span });
    }
  },
);
