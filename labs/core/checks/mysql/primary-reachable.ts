import { defineCheck } from '../context';
import { fileStart } from '../util';
import { dbHosts, needCnf, option, NOT_FOUND, eachReplica } from './common';

export default defineCheck(
  {
    id: 'mysql/primary-reachable',
    reads: ['mycnf', 'sql'],
    title: 'The primary listens where the replica can reach it',
    component: 'mysql',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': NOT_FOUND,
      loopback:
        '`bind-address = {{value}}` on {{host}}: the server only accepts connections from itself, so the replica ({{replica}}) cannot connect.',
      'other-address':
        "`bind-address = {{value}}` on {{host}}: that is not this host's address ({{address}}), so the replica cannot connect there.",
      'skip-networking': '`{{name}}` on {{host}} turns TCP off: the replica cannot connect at all.',
      'default-bind':
        "{{host}} sets no `bind-address`. MariaDB then listens on every interface, but Debian's stock 50-server.cnf sets 127.0.0.1: make sure your value is the one that wins.",
    },
    hint: 'On the primary, `bind-address = 0.0.0.0` (or its private address), and protect port 3306 with a firewall.',
  },
  eachReplica((ctx) => {
    const { primary, replica } = dbHosts(ctx);
    if (!needCnf(ctx, primary)) return;
    const sn = option(primary, 'skip_networking');
    if (sn && (sn.value === undefined || /^(1|on|true)$/i.test(sn.value))) {
      ctx.report({ messageId: 'skip-networking', data: { name: sn.rawName, host: primary.name }, loc: sn.span });
      return;
    }
    const b = option(primary, 'bind_address');
    if (!b) {
      ctx.report({
        messageId: 'default-bind',
        data: { host: primary.name },
        loc: fileStart(primary.mycnf[0]),
        severity: 'info',
      });
      return;
    }
    const values = (b.value ?? '').split(',').map((v) => v.trim());
    const ok = values.some(
      (v) => v === '0.0.0.0' || v === '*' || v === '::' || v === primary.address || v === primary.name,
    );
    if (ok) return;
    const loop = values.every((v) => /^(127\.|localhost$|::1$)/.test(v));
    ctx.report({
      messageId: loop ? 'loopback' : 'other-address',
      data: {
        value: b.value ?? '',
        host: primary.name,
        replica: replica?.name ?? 'the replica',
        address: primary.address,
      },
      loc: b.valueSpan ?? b.span,
    });
  }),
);
