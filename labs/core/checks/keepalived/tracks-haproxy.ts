import { defineCheck } from '../context';
import { KA_MESSAGES, loadBalancers, nearest, scriptWatches, tracksOf } from './common';
import type { Span } from '../../source';

export default defineCheck(
  {
    id: 'keepalived/tracks-haproxy',
    reads: ['keepalived'],
    title: 'keepalived watches HAProxy',
    component: 'keepalived',
    severity: 'error',
    points: 2,
    messages: {
      ...KA_MESSAGES,
      missing:
        '{{host}}: vrrp_instance {{name}} tracks nothing that watches HAProxy: if HAProxy stops there, keepalived keeps the VIP on a load balancer that answers nothing. Track HAProxy (a vrrp_track_process for `haproxy`, or a vrrp_script) in this instance.',
      'not-referenced':
        '{{host}}: {{block}} {{script}} watches HAProxy, but vrrp_instance {{name}} does not list it in {{list}} {}, so it changes nothing. Add `{{script}}` to {{list}} { } in the instance.',
      opaque:
        '{{host}}: the instance tracks vrrp_script {{name}}, which runs `{{command}}`: that file is not in your submission, so whether it watches HAProxy cannot be checked. Add the script to {{host}}/ (or write it from your provisioning script), or track the process: `vrrp_track_process` with `process haproxy`.',
      'unknown-ref':
        '{{host}}: {{list}} names {{ref}}, but no {{block}} has that name: keepalived ignores it ("{{ref}} not found, ignoring..."), so nothing is tracked. Use the name of the {{block}} block.',
      'unknown-ref-near':
        '{{host}}: {{list}} names {{ref}}, but no {{block}} has that name (did you mean {{near}}?): keepalived ignores it ("{{ref}} not found, ignoring..."), so nothing is tracked.',
    },
    hint: 'Define `vrrp_track_process chk_haproxy { process haproxy }` (or a vrrp_script) and list it in the instance: `track_process { chk_haproxy }`.',
  },
  (ctx) => {
    for (const l of loadBalancers(ctx)) {
      const { conf, inst, host } = l;
      // references to nothing (a typo): reported where they are written
      for (const [refs, list, block, defined] of [
        [inst.trackScripts, 'track_script', 'vrrp_script', conf.scripts.map((s) => s.name)],
        [inst.trackProcesses, 'track_process', 'vrrp_track_process', conf.trackProcesses.map((s) => s.name)],
      ] as const) {
        for (const r of refs) {
          if (defined.includes(r.name)) continue;
          const near = nearest(r.name, [...defined]);
          ctx.report({
            messageId: near ? 'unknown-ref-near' : 'unknown-ref',
            data: { host: host.name, list, block, ref: r.name, ...(near ? { near } : {}) },
            loc: r.span,
          });
        }
      }
      const tracks = tracksOf(conf, inst, host);
      if (tracks.some((t) => t.haproxy)) continue;
      const opaque = tracks.find((t) => t.opaque);
      if (opaque) {
        const s = opaque.def as { script?: string; scriptSpan?: Span; span: Span };
        ctx.report({
          messageId: 'opaque',
          data: { host: host.name, name: opaque.ref.name, command: s.script ?? '' },
          loc: s.scriptSpan ?? s.span,
          severity: 'warning',
        });
        continue;
      }
      const unused = [
        ...conf.scripts
          .filter((s) => scriptWatches(s.script, host) === true)
          .map((s) => ({ name: s.name, span: s.span, block: 'vrrp_script', list: 'track_script' })),
        ...conf.trackProcesses
          .filter((p) => /(^|\/)haproxy$/.test(p.process ?? ''))
          .map((p) => ({ name: p.name, span: p.span, block: 'vrrp_track_process', list: 'track_process' })),
      ];
      // a typo'd reference to it is reported above (at the reference); else the definition is unused
      const typo = (n: string) =>
        [...inst.trackScripts, ...inst.trackProcesses].some((r) => nearest(r.name, [n]) === n);
      for (const u of unused.filter((x) => !typo(x.name)))
        ctx.report({
          messageId: 'not-referenced',
          data: { host: host.name, block: u.block, script: u.name, name: inst.name, list: u.list },
          loc: u.span,
        });
      if (!unused.length)
        ctx.report({ messageId: 'missing', data: { host: host.name, name: inst.name }, loc: inst.span });
    }
  },
);
