/**
 * Lab spec loading: YAML text -> validated, resolved LabSpec, with every error pointing at the
 * spec's own line and column (the YAML node the schema complained about).
 */
import {
  LineCounter as YamlLineCounter,
  isMap,
  isSeq,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type Pair,
} from 'yaml';
import { type Diagnostic, diagnostic } from '../source';
import type { CheckMeta } from '../checks/types';
import { optionProblem, resolveOptions } from '../checks/options';
import { labSpecSchema, type RawLabSpec } from './schema';
import type { LabSpec } from './types';

export interface SpecLoadResult {
  spec?: LabSpec;
  diagnostics: Diagnostic[];
}

type Path = ReadonlyArray<PropertyKey>;

/** Finds the YAML node at a path (or the nearest existing ancestor), and optionally the key node of a map entry. */
function locate(doc: Document, path: Path, key?: string): { range?: [number, number] } {
  let node: unknown = doc.contents;
  let best: YamlNode | undefined = doc.contents as YamlNode | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((p) => (p.key as { value?: unknown })?.value === seg);
      if (!pair) break;
      node = pair.value;
      if (node && (node as YamlNode).range) best = node as YamlNode;
      else if ((pair.key as YamlNode)?.range) best = pair.key as YamlNode;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node && (node as YamlNode).range) best = node as YamlNode;
      else break;
    } else break;
  }
  if (key !== undefined && isMap(node)) {
    const pair = (node.items as Pair[]).find((p) => (p.key as { value?: unknown })?.value === key);
    if (pair && (pair.key as YamlNode)?.range)
      return { range: (pair.key as YamlNode).range as unknown as [number, number] };
  }
  return { range: best?.range ? [best.range[0], best.range[1]] : undefined };
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  expected?: string;
  keys?: string[];
  values?: unknown[];
  minimum?: number | bigint;
  origin?: string;
  format?: string;
  pattern?: string;
}

function describe(issue: ZodIssueLike): string {
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the spec';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys && issue.keys.length > 1 ? 's' : ''} ${issue.keys?.map((k) => `'${k}'`).join(', ')} in ${where}`;
    case 'invalid_type':
      return `${where} must be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `${where} must be one of ${(issue.values ?? []).map((v) => `'${String(v)}'`).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `${where} must have at least ${String(issue.minimum)} item(s)`
        : issue.origin === 'string'
          ? `${where} must not be empty`
          : `${where} must be at least ${String(issue.minimum)}`;
    case 'invalid_format':
      return `${where} has the wrong form${issue.pattern ? ` (expected to match ${issue.pattern})` : ''}`;
    default:
      return `${where} is invalid (${issue.code})`;
  }
}

/**
 * Parses and validates a spec. `catalogue` are the known checks: an id the catalogue does not
 * know is an error at its line; a check's points/required/hidden default from its metadata, and its
 * options are resolved against its declarations. `kinds`, when given, are the known file kinds (a
 * role naming another is an error).
 */
export function parseLabSpec(
  text: string,
  file: string,
  catalogue: ReadonlyArray<CheckMeta>,
  kinds?: ReadonlySet<string>,
): SpecLoadResult {
  const lc = new YamlLineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const spanAt = (range?: [number, number]) => {
    const p = lc.linePos(range ? range[0] : 0);
    const e = range ? lc.linePos(range[1]) : p;
    return { file, line: p.line, column: p.col, endLine: e.line, endColumn: e.col };
  };
  for (const err of doc.errors) {
    diagnostics.push(
      diagnostic(
        `spec/yaml-${err.code.toLowerCase().replace(/_/g, '-')}`,
        'error',
        err.message.split('\n')[0],
        spanAt([err.pos[0], err.pos[1]]),
      ),
    );
  }
  if (diagnostics.length) return { diagnostics };
  const parsed = labSpecSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues as unknown as ZodIssueLike[]) {
      const loc =
        issue.code === 'unrecognized_keys' && issue.keys?.length
          ? locate(doc, issue.path, issue.keys[0])
          : locate(doc, issue.path);
      diagnostics.push(
        diagnostic(`spec/${issue.code.replace(/_/g, '-')}`, 'error', describe(issue), spanAt(loc.range)),
      );
    }
    return { diagnostics };
  }
  const raw: RawLabSpec = parsed.data;
  const metas = new Map(catalogue.map((m) => [m.id, m]));
  const labWide = raw.options ?? {};
  const checks: LabSpec['checks'] = [];
  const seen = new Set<string>();
  const declared = new Set<string>();
  const badLabWide = new Set<string>();
  const missingBy = new Map<string, { checks: string[]; at: ReturnType<typeof spanAt>; description: string }>();
  raw.checks.forEach((c, i) => {
    const meta = metas.get(c.id);
    const at = spanAt(locate(doc, ['checks', i, 'id']).range);
    if (!meta) {
      const near = [...metas.keys()].filter((id) => id.split('/')[0] === c.id.split('/')[0]).slice(0, 5);
      diagnostics.push(
        diagnostic(
          'spec/unknown-check',
          'error',
          `unknown check '${c.id}'${near.length ? ` (known in that component: ${near.join(', ')})` : ''}`,
          at,
        ),
      );
      return;
    }
    if (seen.has(c.id)) {
      diagnostics.push(diagnostic('spec/duplicate-check', 'error', `check '${c.id}' is listed twice`, at));
      return;
    }
    seen.add(c.id);
    const schema = meta.options ?? {};
    for (const k of Object.keys(schema)) declared.add(k);
    for (const k of Object.keys(c.options ?? {})) {
      if (!(k in schema)) {
        const known = Object.keys(schema);
        diagnostics.push(
          diagnostic(
            'spec/unknown-option',
            'error',
            `check '${c.id}' has no option '${k}'${known.length ? ` (its options: ${known.join(', ')})` : ' (it takes none)'}`,
            spanAt(locate(doc, ['checks', i, 'options'], k).range),
          ),
        );
      }
    }
    const { values, missing } = resolveOptions(schema, labWide, c.options ?? {});
    for (const [k, v] of Object.entries(values)) {
      const problem = optionProblem(schema[k], v);
      if (!problem) continue;
      const own = c.options && k in c.options;
      // a lab-wide value is reported once, at its line, whichever checks read it
      if (!own) {
        if (badLabWide.has(k)) continue;
        badLabWide.add(k);
      }
      diagnostics.push(
        diagnostic(
          'spec/invalid-option',
          'error',
          `option '${k}' ${problem} (${own ? `set for ${c.id}` : 'set lab-wide'}: ${JSON.stringify(v)})`,
          spanAt((own ? locate(doc, ['checks', i, 'options', k]) : locate(doc, ['options', k])).range),
        ),
      );
    }
    for (const m of missing) {
      const have = missingBy.get(m);
      if (have) have.checks.push(c.id);
      else missingBy.set(m, { checks: [c.id], at, description: schema[m].description });
    }
    checks.push({
      id: c.id,
      points: c.points ?? meta.points,
      required: c.required ?? meta.severity === 'error',
      hidden: c.hidden ?? meta.hidden === true,
      ...(Object.keys(values).length ? { options: values } : {}),
    });
  });
  for (const [m, x] of missingBy) {
    diagnostics.push(
      diagnostic(
        'spec/missing-option',
        'error',
        `option '${m}' (${x.description}) is needed by ${x.checks.join(', ')}: set it in \`options:\` or on ${x.checks.length > 1 ? 'each check' : 'the check'}`,
        x.at,
      ),
    );
  }
  // a check reading a kind no role of the lab may hold would never see a file
  const held = new Set(Object.values(raw.roles).flatMap((r) => r.kinds));
  raw.checks.forEach((c, i) => {
    const meta = metas.get(c.id);
    const missingKinds = (meta?.reads ?? []).filter((k) => !held.has(k));
    if (meta?.reads?.length && missingKinds.length === meta.reads.length) {
      diagnostics.push(
        diagnostic(
          'spec/unread-kind',
          'error',
          `check '${c.id}' reads ${meta.reads.join(' or ')} files, which no role of this lab holds (add the kind to a role's \`kinds\`)`,
          spanAt(locate(doc, ['checks', i, 'id']).range),
        ),
      );
    }
  });
  for (const k of Object.keys(labWide)) {
    if (!declared.has(k))
      diagnostics.push(
        diagnostic(
          'spec/unused-option',
          'error',
          `no check of this lab reads option '${k}'`,
          spanAt(locate(doc, ['options'], k).range),
        ),
      );
  }
  for (const [role, r] of Object.entries(raw.roles)) {
    r.kinds.forEach((k, j) => {
      if (kinds && !kinds.has(k))
        diagnostics.push(
          diagnostic(
            'spec/unknown-kind',
            'error',
            `role '${role}' names file kind '${k}', which no parser registers (known: ${[...kinds].sort().join(', ')})`,
            spanAt(locate(doc, ['roles', role, 'kinds', j]).range),
          ),
        );
    });
  }
  const hostNames = new Set<string>();
  raw.hosts.forEach((h, i) => {
    if (hostNames.has(h.name))
      diagnostics.push(
        diagnostic(
          'spec/duplicate-host',
          'error',
          `host '${h.name}' is listed twice`,
          spanAt(locate(doc, ['hosts', i, 'name']).range),
        ),
      );
    hostNames.add(h.name);
    if (!(h.role in raw.roles))
      diagnostics.push(
        diagnostic(
          'spec/unknown-role',
          'error',
          `host '${h.name}' has role '${h.role}', which \`roles:\` does not declare (roles: ${Object.keys(raw.roles).join(', ') || 'none'})`,
          spanAt(locate(doc, ['hosts', i, 'role']).range),
        ),
      );
  });
  // Every explanation a question can give must exist: design/answers's own, or the question's.
  const answersMeta = metas.get('design/answers');
  if (answersMeta && raw.checks.some((c) => c.id === 'design/answers'))
    for (const [qid, q] of Object.entries(raw.questions)) {
      const has = (id: string) => id in answersMeta.messages || (q.explanations ?? {})[id] !== undefined;
      if (!q.explain && !has(`wrong-${qid}`))
        diagnostics.push(
          diagnostic(
            'spec/unexplained-answer',
            'error',
            `question '${qid}' has no \`explain:\` (what design/answers says when the answer is wrong)`,
            spanAt(locate(doc, ['questions', qid]).range),
          ),
        );
      for (const [value, id] of Object.entries(q.wrong ?? {}))
        if (!has(id))
          diagnostics.push(
            diagnostic(
              'spec/unexplained-answer',
              'error',
              `question '${qid}': \`wrong: ${value}: ${id}\` names an explanation that neither \`explanations:\` nor design/answers holds`,
              spanAt(locate(doc, ['questions', qid, 'wrong', value]).range),
            ),
          );
    }
  if (diagnostics.length) return { diagnostics };
  const spec: LabSpec = {
    id: raw.id,
    title: raw.title,
    summary: raw.summary,
    ...(raw.components ? { components: { ...raw.components } } : {}),
    roles: Object.fromEntries(
      Object.entries(raw.roles).map(([k, r]) => [
        k,
        { kinds: r.kinds, ...(r.description ? { description: r.description } : {}) },
      ]),
    ),
    hosts: raw.hosts.map((h) => ({
      name: h.name,
      role: h.role,
      address: h.address,
      optional: h.optional ?? false,
      ...(h.description ? { description: h.description } : {}),
    })),
    options: { ...labWide },
    questions: Object.fromEntries(
      Object.entries(raw.questions).map(([k, q]) => [
        k,
        {
          points: q.points,
          type: q.type,
          expect: q.expect,
          aliases: q.aliases ?? {},
          wrong: q.wrong ?? {},
          ...(q.explain ? { explain: q.explain } : {}),
          ...(q.explanations ? { explanations: { ...q.explanations } } : {}),
        },
      ]),
    ),
    checks,
    ...(raw.plugins ? { plugins: raw.plugins } : {}),
    ...(raw.app ? { app: raw.app } : {}),
    file,
  };
  return { spec, diagnostics };
}
