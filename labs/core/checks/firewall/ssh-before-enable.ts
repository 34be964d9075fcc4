import { defineCheck } from '../context';
import { decide } from '../../firewall/ufw';
import { firewallLoc, firewallOf } from './common';

export default defineCheck(
  {
    id: 'firewall/ssh-before-enable',
    reads: ['firewall', 'shell'],
    title: 'ssh (port 22) is allowed before ufw is enabled, and stays allowed',
    component: 'firewall',
    severity: 'error',
    points: 1,
    messages: {
      'ssh-closed':
        "{{host}}'s firewall never lets ssh (22/tcp) in: {{why}}. Once it is enabled you cannot log in to fix it.",
      'enabled-first':
        '{{host}} enables ufw before allowing ssh: the session that runs the script is cut (or hangs) at that line, and the rules after it may never run.',
    },
    hint: 'Allow ssh first (`sudo ufw limit 22/tcp`, or `sudo ufw allow from <your address> to any port 22 proto tcp`), then `sudo ufw --force enable` last.',
  },
  (ctx) => {
    for (const host of Object.values(ctx.model.hosts)) {
      const st = firewallOf(host);
      if (!st.present || !st.enabled) continue;
      // from some address: an ssh rule for the admins' address only counts
      const ssh = { proto: 'tcp', dport: 22 };
      const now = decide(st, ssh);
      if (now.verdict === 'deny') {
        ctx.report({
          messageId: 'ssh-closed',
          data: {
            host: host.name,
            why: now.rule ? `\`${now.rule.text}\` drops it` : 'no rule allows it and the default policy drops it',
          },
          loc: firewallLoc(host, now),
        });
        continue;
      }
      if (st.rulesAtEnable && decide({ ...st, rules: st.rulesAtEnable }, ssh).verdict === 'deny')
        ctx.report({
          messageId: 'enabled-first',
          data: { host: host.name },
          loc: st.firstEnabledAt,
          severity: 'warning',
        });
    }
  },
);
