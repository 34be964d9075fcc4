import type { HaproxyConfig, HaproxyLine } from '../../../labs/core/parsers/haproxy';

const line = (l: HaproxyLine) => ({
  line: l.line,
  keyword: l.keyword,
  args: l.args,
  prefix: l.prefix,
  comment: l.comment,
  inactive: l.inactive,
  values: l.words.map((w) => w.value),
  columns: l.words.map((w) => w.span.line),
});

/** The structure of a parse, without raw text and columns (what a round trip must keep). */
export function structure(cfg: HaproxyConfig) {
  return {
    preamble: cfg.preamble.map(line),
    sections: cfg.sections.map((s) => ({ type: s.type, name: s.name, args: s.args, header: line(s.header), lines: s.lines.map(line) })),
    rejected: (cfg.rejectedLines ?? []).map((r) => r.line),
    comments: (cfg.comments ?? []).map((c) => [c.span.line, c.text]),
  };
}
