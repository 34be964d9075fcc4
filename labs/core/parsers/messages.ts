/**
 * The parsers' one way to write English (issue #13 item 5): each parser keeps a table of messages keyed
 * by its diagnostic codes (`code`, or `code#variant` where the text depends on the case), a table of
 * hints and one of fragments, in its own `codes.ts`; `messageFunctions` turns those tables into typed
 * functions: an id that is not in the table, or data missing a placeholder the template names, does not
 * compile. Messages are filled when the diagnostic is made, so a `Diagnostic` is unchanged for its readers.
 */
import { type Diagnostic, type Severity, type Span, diagnostic } from '../source';

/** The `{{name}}` placeholders of a template. */
export type Params<S> = S extends `${string}{{${infer P}}}${infer R}` ? P | Params<R> : never;
/** The data a template needs (null when it has no placeholder). */
export type Data<S> = [Params<S>] extends [never] ? null | undefined : Record<Params<S>, string | number>;
/** The rest parameters of a call that fills a template: none when it has no placeholder. */
export type Args<S> = [Params<S>] extends [never] ? [] : [Data<S>];

export type MessageTable = Readonly<Record<string, string | Readonly<Record<string, string>>>>;
/** A message of a table: its code, or `code#variant` for a code with several messages. */
export type MessageId<T extends MessageTable> = {
  [C in keyof T & string]: T[C] extends string ? C : `${C}#${keyof T[C] & string}`;
}[keyof T & string];
/** The template of a message id. */
export type TemplateOf<T extends MessageTable, I> = I extends `${infer C}#${infer V}`
  ? C extends keyof T
    ? V extends keyof T[C]
      ? T[C][V]
      : never
    : never
  : I extends keyof T
    ? T[I]
    : never;
export type Extra = { hint?: string; related?: Diagnostic['related'] };

export function fill(template: string, data: Record<string, string | number> | null | undefined): string {
  return data ? template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(data[k])) : template;
}

/** The typed functions of one parser's tables. */
export function messageFunctions<
  T extends MessageTable,
  F extends Readonly<Record<string, string>>,
  H extends Readonly<Record<string, string>>,
>(messages: T, fragments: F, hints: H) {
  const codeOf = <I extends MessageId<T>>(id: I): keyof T & string => {
    const hash = id.indexOf('#');
    return (hash < 0 ? id : id.slice(0, hash)) as keyof T & string;
  };
  /** The English of a message, its placeholders filled. */
  const message = <I extends MessageId<T>>(id: I, ...data: Args<TemplateOf<T, I>>): string => {
    const hash = id.indexOf('#');
    const entry = messages[codeOf(id)] as string | Record<string, string>;
    return fill(
      typeof entry === 'string' ? entry : entry[id.slice(hash + 1)]!,
      data[0] as Record<string, string | number> | undefined,
    );
  };
  /** A fragment of a message, its placeholders filled. */
  const fragment = <K extends keyof F & string>(key: K, ...data: Args<F[K]>): string =>
    fill(fragments[key]!, data[0] as Record<string, string | number> | undefined);
  /** A hint, its placeholders filled. */
  const hint = <K extends keyof H & string>(key: K, ...data: Args<H[K]>): string =>
    fill(hints[key]!, data[0] as Record<string, string | number> | undefined);
  /** A diagnostic with the message of `id`, filled from `data` (null when the message has no placeholder). */
  const diag = <I extends MessageId<T>>(
    id: I,
    severity: Severity,
    span: Span,
    data: Data<TemplateOf<T, I>>,
    extra?: Extra,
  ): Diagnostic =>
    diagnostic(codeOf(id), severity, (message as (id: string, d?: unknown) => string)(id, data), span, extra);
  return { codeOf, message, fragment, hint, diag };
}
