import { defineCheck } from '../context';
import { listensOf, LOOPBACK } from '../../model/nginx';
import { fileStart } from '../util';
import { NOT_FOUND, webServers } from './common';
import { webPort } from '../shared-options';

export default defineCheck(
  {
    id: 'nginx/listen-80',
    reads: ['nginx'],
    options: { webPort },
    title: 'Each web server listens on port 80',
    component: 'nginx',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': NOT_FOUND,
      'no-server': '{{host}} has no `server` block: Nginx answers nothing with this file.',
      'no-listen':
        "No server of {{host}} listens on port {{port}} at its address ({{address}}), so HAProxy's requests are refused.",
      loopback: '{{host}} listens on {{listen}}, a loopback address: HAProxy, on another machine, cannot reach it.',
    },
    hint: 'Put `listen 80 default_server;` in the server block that serves the site.',
  },
  (ctx) => {
    for (const w of webServers(ctx)) {
      if (w.blocks.length === 0) {
        ctx.report({ messageId: 'no-server', data: { host: w.host.name }, loc: fileStart(w.unit) });
        continue;
      }
      if (w.main) continue;
      let specific = false;
      for (const b of w.blocks) {
        for (const l of listensOf(b)) {
          if (l.port === ctx.options.webPort && LOOPBACK.test(l.address)) {
            ctx.report({
              messageId: 'loopback',
              data: { host: w.host.name, listen: l.directive.args[0] ?? '' },
              loc: l.directive.span,
            });
            specific = true;
          }
        }
      }
      if (!specific)
        ctx.report({
          messageId: 'no-listen',
          data: { host: w.host.name, port: ctx.options.webPort, address: w.host.address },
          loc: w.blocks[0].server.span,
        });
    }
  },
);
