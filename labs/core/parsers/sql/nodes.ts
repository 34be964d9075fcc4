/**
 * Compact SQL AST nodes for the parts a statement can hold millions of (the accounts of a GRANT,
 * the options of a CHANGE MASTER). A node stores 0-based offsets; `span` is a getter that builds
 * the Span on access from the script's one LineCounter (made on the first access, shared by every
 * node). `toJSON()` writes the same object as the plain-object AST did (same keys, same order), so
 * `JSON.stringify` output is unchanged. Treat spans as values: each access makes a new object.
 */
import { LineCounter, type Span } from '../../source';
import type { SqlAccount, SqlValue } from './ast';

/** One script's name and text; turns offsets into Spans with a LineCounter built on demand. */
export class ScriptSpans {
  private lc: LineCounter | undefined;
  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  /** The span of [start, end) (end clamped to >= start). */
  span(start: number, end: number): Span {
    return (this.lc ??= new LineCounter(this.text)).span(this.file, start, end);
  }
}

export class AccountNode implements SqlAccount {
  constructor(
    public user: string,
    public host: string,
    readonly src: ScriptSpans,
    readonly start: number,
    readonly end: number,
  ) {}

  get span(): Span {
    return this.src.span(this.start, this.end);
  }

  toJSON(): SqlAccount {
    return { user: this.user, host: this.host, span: this.span };
  }
}

/**
 * A new AccountNode, written as an object literal with the class prototype: V8 allocates literals
 * straight into the old generation once most of them survive (allocation-site pretenuring), which
 * `new AccountNode(...)` does not get; a GRANT to a million accounts spends far less in the GC.
 */
export function newAccount(user: string, host: string, src: ScriptSpans, start: number, end: number): AccountNode {
  return { __proto__: AccountNode.prototype, user, host, src, start, end } as unknown as AccountNode;
}

export class ValueNode implements SqlValue {
  constructor(
    public name: string,
    public rawName: string,
    public value: string,
    readonly src: ScriptSpans,
    readonly start: number,
    readonly end: number,
    /** True for a quoted value (`'10.0.0.21'`); JSON shows it only when true, as before. */
    public quoted: boolean,
  ) {}

  get span(): Span {
    return this.src.span(this.start, this.end);
  }

  toJSON(): SqlValue & { quoted?: boolean } {
    const o: SqlValue & { quoted?: boolean } = {
      name: this.name,
      rawName: this.rawName,
      value: this.value,
      span: this.span,
    };
    if (this.quoted) o.quoted = true;
    return o;
  }
}

/** A new ValueNode (an object literal, for the reason given at newAccount). */
export function newValue(
  name: string,
  rawName: string,
  value: string,
  src: ScriptSpans,
  start: number,
  end: number,
  quoted: boolean,
): ValueNode {
  return { __proto__: ValueNode.prototype, name, rawName, value, src, start, end, quoted } as unknown as ValueNode;
}
