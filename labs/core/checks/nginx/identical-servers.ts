import { defineCheck } from '../context';
import type { NginxDirective, NginxParse } from '../../parsers/nginx/ast';
import { children, expand } from '../../model/nginx';
import type { HostModel } from '../../model/types';
import { hostsWithRole } from '../util';
import { HOST_NAME_SYMBOL } from '../../parsers/shell/symbols';

interface Item {
  sig: string;
  text: string;
  d: NginxDirective;
}

/** Directives flattened in order, each with its block path and host-specific values replaced. */
function flatten(
  parse: NginxParse,
  host: HostModel,
  others: HostModel[],
  isLearnerFile: (f: string) => boolean,
): Item[] {
  const out: Item[] = [];
  void others;
  const nameRe = new RegExp(`\\b${host.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');
  // this host's name, however written: literally, as Nginx's $hostname, or as a script's $(hostname)
  const norm = (a: string) =>
    a
      .split(host.address)
      .join('<this-host-address>')
      .replace(nameRe, '<this-host>')
      .split(HOST_NAME_SYMBOL)
      .join('<this-host>')
      .replace(/\$(hostname\b|\{hostname\})/g, '<this-host>');
  const visit = (ds: NginxDirective[], path: string) => {
    for (const d of ds) {
      const text = [d.directive, ...d.args].join(' ');
      // The http{} wrapper around a site file is not the learner's line: compare what is inside it.
      if (isLearnerFile(d.span.file))
        out.push({ sig: `${path}|${d.directive} ${d.args.map(norm).join(' ')}`, text, d });
      if (d.block) visit(children(parse, d), `${path}>${d.directive} ${d.args.map(norm).join(' ')}`);
    }
  };
  for (const c of parse.configs.slice(0, 1)) visit(expand(parse, c.parsed), '');
  return out;
}

/** Longest common subsequence alignment: pairs of indexes (or -1 for a gap). */
function align(a: Item[], b: Item[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i][j] = a[i].sig === b[j].sig ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i].sig === b[j].sig) out.push([i++, j++]);
    else if (dp[i + 1][j] >= dp[i][j + 1]) out.push([i++, -1]);
    else out.push([-1, j++]);
  }
  while (i < n) out.push([i++, -1]);
  while (j < m) out.push([-1, j++]);
  return out;
}

export default defineCheck(
  {
    id: 'nginx/identical-servers',
    reads: ['nginx'],
    title: 'The two web servers are configured the same',
    component: 'nginx',
    severity: 'warning',
    points: 1,
    messages: {
      'not-found': 'No Nginx configuration found in {{host}}/, so it cannot be compared with the other web server.',
      differs: '{{host}} has `{{text}}` where {{other}} has `{{otherText}}`.',
      'differs-related': '{{other}}: `{{otherText}}`',
      'only-in': '`{{text}}` is on {{host}} but not on {{other}}.',
      'too-large': 'The configurations are too large to compare line by line ({{count}} directives).',
    },
    hint: 'Behind a round-robin load balancer both web servers must behave the same: copy one configuration to the other and change only host-specific values.',
  },
  (ctx) => {
    const webs = hostsWithRole(ctx, 'web');
    if (webs.length < 2) return;
    const [h1, h2] = webs;
    for (const h of [h1, h2]) if (!h.nginx[0]) ctx.report({ messageId: 'not-found', data: { host: h.name } });
    if (!h1.nginx[0] || !h2.nginx[0]) return;
    const learner = (f: string) => ctx.model.sources.has(f);
    const a = flatten(h1.nginx[0].parse, h1, [h2], learner);
    const b = flatten(h2.nginx[0].parse, h2, [h1], learner);
    if (a.length * b.length > 4_000_000) {
      ctx.report({ messageId: 'too-large', data: { count: a.length + b.length }, severity: 'info' });
      return;
    }
    const pairs = align(a, b);
    // Walk gap runs: pair removed/added items side by side, the rest are one-sided.
    for (let k = 0; k < pairs.length;) {
      if (pairs[k][0] !== -1 && pairs[k][1] !== -1) {
        k++;
        continue;
      }
      const onlyA: number[] = [];
      const onlyB: number[] = [];
      while (k < pairs.length && (pairs[k][0] === -1 || pairs[k][1] === -1)) {
        if (pairs[k][0] !== -1) onlyA.push(pairs[k][0]);
        else onlyB.push(pairs[k][1]);
        k++;
      }
      const n = Math.min(onlyA.length, onlyB.length);
      for (let i = 0; i < n; i++) {
        const x = a[onlyA[i]];
        const y = b[onlyB[i]];
        ctx.report({
          messageId: 'differs',
          data: { host: h2.name, text: y.text, other: h1.name, otherText: x.text },
          loc: y.d.span,
          related: [{ loc: x.d.span, messageId: 'differs-related', data: { other: h1.name, otherText: x.text } }],
        });
      }
      for (const i of onlyA.slice(n))
        ctx.report({
          messageId: 'only-in',
          data: { text: a[i].text, host: h1.name, other: h2.name },
          loc: a[i].d.span,
        });
      for (const j of onlyB.slice(n))
        ctx.report({
          messageId: 'only-in',
          data: { text: b[j].text, host: h2.name, other: h1.name },
          loc: b[j].d.span,
        });
    }
  },
);
