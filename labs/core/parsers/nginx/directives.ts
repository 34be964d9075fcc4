/**
 * Directive knowledge and the analyzer (crossplane's `analyzer.py` logic over the table generated
 * from `@nginx/reference-lib`, see scripts/gen-nginx-directives.ts).
 */
import { DIRECTIVE_RULES, REFERENCE_LIB_VERSION } from './directives.generated';
import { ARG_BLOCK, ARG_FLAG, ARG_MORE, CONTEXT_PATHS } from './masks';
import { message } from './codes';
import { editDistance } from '../../editDistance';
export { editDistance };

export { REFERENCE_LIB_VERSION, DIRECTIVE_RULES };
export * from './masks';

const RULES = new Map<string, ReadonlyArray<readonly [number, number]>>(Object.entries(DIRECTIVE_RULES));
const CONTEXTS = new Map<string, number>(Object.entries(CONTEXT_PATHS));
const ONE_OR_MORE: ReadonlyArray<readonly [number, number]> = [[0, 0xfe | ARG_MORE]];

export function isKnownDirective(name: string): boolean {
  return RULES.has(name);
}

/** The context path of a block opened by `directive` inside `ctx` (crossplane's enter_block_ctx). */
export function enterBlockContext(ctx: string, directive: string): string {
  // a location nested anywhere in http is "http>location"
  if (directive === 'location' && (ctx === 'http' || ctx.startsWith('http>'))) return 'http>location';
  if (ctx === '') return directive;
  // memoised (bounded): a big config opens thousands of blocks of a few kinds, and the same string
  // object each time keeps the context lookups cheap
  let m = BLOCK_CTX.get(ctx);
  if (m === undefined) {
    if (BLOCK_CTX.size >= 256) return `${ctx}>${directive}`;
    BLOCK_CTX.set(ctx, (m = new Map()));
  }
  let c = m.get(directive);
  if (c === undefined) {
    c = `${ctx}>${directive}`;
    if (m.size < 256) m.set(directive, c);
  }
  return c;
}

const BLOCK_CTX = new Map<string, Map<string, string>>();

/** The context bit of a path, or undefined when the analyzer does not know the block (map, types...). */
export function contextBit(ctx: string): number | undefined {
  return CONTEXTS.get(ctx);
}

export type AnalyzeProblem =
  'unknown' | 'not-allowed-here' | 'no-opening-brace' | 'not-terminated' | 'invalid-args' | 'invalid-flag';

export interface AnalyzeResult {
  problem: AnalyzeProblem;
  /** crossplane's reason text (without " in file:line"). */
  reason: string;
}

/**
 * crossplane's `analyze()`: undefined when the statement is acceptable. `term` is the token that
 * ended the statement (`;`, `{` or `}`). In non-strict mode unknown directives (and directives in
 * blocks the table does not describe) are not analysed, as crossplane does.
 */
export function analyzeDirective(
  directive: string,
  args: readonly string[],
  term: string,
  ctx: string,
  strict = false,
): AnalyzeResult | undefined {
  return analyzeWith(
    directive,
    RULES.get(directive),
    args,
    term,
    CONTEXTS.get(ctx),
    ctx.endsWith('>types') && ctx.startsWith('http>'),
    strict,
  );
}

/** The rules of a directive (undefined when unknown). */
export function rulesOf(directive: string): ReadonlyArray<readonly [number, number]> | undefined {
  return RULES.get(directive);
}

/** `analyzeDirective` with the lookups done by the caller (the parser keeps them per block). */
export function analyzeWith(
  directive: string,
  rules: ReadonlyArray<readonly [number, number]> | undefined,
  args: readonly string[],
  term: string,
  bit: number | undefined,
  httpTypes: boolean,
  strict: boolean,
): AnalyzeResult | undefined {
  let masks: ReadonlyArray<readonly [number, number]>;
  if (httpTypes) {
    masks = ONE_OR_MORE;
  } else {
    if (strict && !rules)
      return { problem: 'unknown', reason: message('nginx/unknown-directive#unknown', { directive }) };
    if (bit === undefined || !rules) return undefined;
    // fast path: one rule that fits the context (the common case)
    if (rules.length === 1) {
      if ((rules[0][0] & bit) === 0)
        return { problem: 'not-allowed-here', reason: message('nginx/not-allowed-here', { directive }) };
      masks = rules;
    } else {
      masks = rules.filter((m) => (m[0] & bit) !== 0);
      if (masks.length === 0)
        return { problem: 'not-allowed-here', reason: message('nginx/not-allowed-here', { directive }) };
    }
  }
  const n = args.length;
  let problem: AnalyzeProblem = 'invalid-args';
  for (let k = masks.length - 1; k >= 0; k--) {
    const mask = masks[k][1];
    if (mask & ARG_BLOCK && term !== '{') {
      problem = 'no-opening-brace';
      continue;
    }
    if (!(mask & ARG_BLOCK) && term !== ';') {
      problem = 'not-terminated';
      continue;
    }
    if ((n <= 7 && (mask >> n) & 1) || (mask & ARG_MORE && n >= 8)) return undefined;
    if (n === 1 && mask & ARG_FLAG && /^(on|off)$/i.test(args[0])) return undefined;
    problem = mask & ARG_FLAG && n === 1 ? 'invalid-flag' : 'invalid-args';
  }
  const reason =
    problem === 'no-opening-brace'
      ? message('nginx/no-opening-brace', { directive })
      : problem === 'not-terminated'
        ? message('nginx/missing-semicolon', { directive })
        : problem === 'invalid-flag'
          ? message('nginx/invalid-args#flag', { value: args[0], directive })
          : message('nginx/invalid-args#count', { directive });
  return { problem, reason };
}

let namesCache: string[] | undefined;

/** The known directive nearest to `name` (did-you-mean), or undefined when none is close. */
export function suggestDirective(name: string): string | undefined {
  namesCache ??= Object.keys(DIRECTIVE_RULES);
  const lower = name.toLowerCase();
  const max = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestD = max + 1;
  for (const cand of namesCache) {
    const d = editDistance(lower, cand, bestD - 1 < max ? bestD - 1 : max);
    if (d < bestD) {
      bestD = d;
      best = cand;
      if (d === 0) break;
    }
  }
  return best;
}
