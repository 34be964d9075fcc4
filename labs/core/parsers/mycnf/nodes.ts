/**
 * Compact option-file AST nodes. A node stores its line number and 0-based offsets; `span`,
 * `valueSpan` and `file` are getters that build the Span on access (see FileSpans). A 10 MB file of short lines is
 * millions of nodes, so this halves what the parser allocates (and what the garbage collector
 * copies). `toJSON()` writes the same object as the plain-object AST did (same keys, same order),
 * so `JSON.stringify` output is unchanged. Treat spans as values: each access makes a new object.
 */
import type { Span } from '../../source';
import type { MyCnfGroup, MyCnfInclude, MyCnfOption } from './ast';

/**
 * One file's name and text; turns (line, offsets) into Spans. Every node of an option file sits
 * on one line, so the line's start is found by scanning back from the node (at most the node's
 * column, so printing every span of a file stays linear), with no file-wide line table to build.
 */
export class FileSpans {
  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  /** A span on one line; `start`/`end` are offsets into the text (end exclusive, >= start). */
  span(line: number, start: number, end: number): Span {
    const ls = start > 0 ? this.text.lastIndexOf('\n', start - 1) + 1 : 0;
    return {
      file: this.file,
      line,
      column: start - ls + 1,
      endLine: line,
      endColumn: end - ls + 1,
      offset: start,
      endOffset: end,
    };
  }
}

/** A node on one line of one file: its Span is built on access from the line and offsets. */
abstract class LineNode {
  declare readonly src: FileSpans;
  declare readonly line: number;
  declare readonly start: number;
  declare readonly end: number;

  get file(): string {
    return this.src.file;
  }
  get span(): Span {
    return this.src.span(this.line, this.start, this.end);
  }
}

export class OptionNode extends LineNode implements MyCnfOption {
  value: string | undefined = undefined;
  rawValue: string | undefined = undefined;
  /** Value offsets (-1 when the option has no `=`). */
  valueStart = -1;
  valueEnd = -1;

  constructor(
    public rawName: string,
    public name: string,
    public loose: boolean,
    public group: string,
    readonly src: FileSpans,
    readonly line: number,
    readonly start: number,
    readonly end: number,
  ) {
    super();
  }

  get valueSpan(): Span | undefined {
    return this.valueStart < 0 ? undefined : this.src.span(this.line, this.valueStart, this.valueEnd);
  }

  /**
   * The option as a plain object, spans included. Called by JSON.stringify (with a `key`), it
   * fills and returns one scratch object (with scratch spans) shared by every option: JSON.stringify
   * writes a toJSON result out completely before it calls the next toJSON, and a 6 MB file's
   * options are serialised twice (`groups[].options` and `options`), so this saves three objects
   * per option per pass. Called directly (no argument), it returns a fresh object.
   */
  toJSON(key?: string): MyCnfOption {
    // Both spans lie on the node's line: find its start once.
    const src = this.src;
    const file = src.file;
    const line = this.line;
    const start = this.start;
    const ls = start > 0 ? src.text.lastIndexOf('\n', start - 1) + 1 : 0;
    const vs = this.valueStart;
    if (key === undefined) {
      return {
        rawName: this.rawName,
        name: this.name,
        loose: this.loose,
        value: this.value,
        rawValue: this.rawValue,
        group: this.group,
        file,
        span: {
          file,
          line,
          column: start - ls + 1,
          endLine: line,
          endColumn: this.end - ls + 1,
          offset: start,
          endOffset: this.end,
        },
        valueSpan:
          vs < 0
            ? undefined
            : {
                file,
                line,
                column: vs - ls + 1,
                endLine: line,
                endColumn: this.valueEnd - ls + 1,
                offset: vs,
                endOffset: this.valueEnd,
              },
      };
    }
    const o = SCRATCH;
    o.rawName = this.rawName;
    o.name = this.name;
    o.loose = this.loose;
    o.value = this.value;
    o.rawValue = this.rawValue;
    o.group = this.group;
    o.file = file;
    const sp = SCRATCH_SPAN;
    sp.file = file;
    sp.line = line;
    sp.column = start - ls + 1;
    sp.endLine = line;
    sp.endColumn = this.end - ls + 1;
    sp.offset = start;
    sp.endOffset = this.end;
    if (vs < 0) o.valueSpan = undefined;
    else {
      const vsp = SCRATCH_VALUE_SPAN;
      vsp.file = file;
      vsp.line = line;
      vsp.column = vs - ls + 1;
      vsp.endLine = line;
      vsp.endColumn = this.valueEnd - ls + 1;
      vsp.offset = vs;
      vsp.endOffset = this.valueEnd;
      o.valueSpan = vsp;
    }
    return o;
  }
}

type FullSpan = Required<Span>;
const newSpan = (): FullSpan => ({ file: '', line: 0, column: 0, endLine: 0, endColumn: 0, offset: 0, endOffset: 0 });
const SCRATCH_SPAN = newSpan();
const SCRATCH_VALUE_SPAN = newSpan();
/** The object OptionNode.toJSON fills for JSON.stringify (same keys, same order as a fresh one). */
const SCRATCH: MyCnfOption = {
  rawName: '',
  name: '',
  loose: false,
  value: undefined,
  rawValue: undefined,
  group: '',
  file: '',
  span: SCRATCH_SPAN,
  valueSpan: undefined,
};

/**
 * A new OptionNode. Written as an object literal with OptionNode.prototype as its prototype, not
 * `new OptionNode(...)`: V8 tracks literals by allocation site and allocates them straight into
 * the old generation once most of them survive (pretenuring), which a class constructor does not
 * get; for a file of millions of options that is a third less garbage-collector time.
 */
export function newOption(
  rawName: string,
  name: string,
  loose: boolean,
  group: string,
  src: FileSpans,
  line: number,
  start: number,
  end: number,
  value: string | undefined,
  rawValue: string | undefined,
  valueStart: number,
  valueEnd: number,
): OptionNode {
  return {
    __proto__: OptionNode.prototype,
    value,
    rawValue,
    valueStart,
    valueEnd,
    rawName,
    name,
    loose,
    group,
    src,
    line,
    start,
    end,
  } as unknown as OptionNode;
}

export class GroupNode extends LineNode implements MyCnfGroup {
  options: MyCnfOption[] = [];

  constructor(
    public name: string,
    public rawName: string,
    readonly src: FileSpans,
    readonly line: number,
    readonly start: number,
    readonly end: number,
  ) {
    super();
  }

  toJSON(): MyCnfGroup {
    return { name: this.name, rawName: this.rawName, file: this.file, span: this.span, options: this.options };
  }
}

/** A new GroupNode (an object literal, for the reason given at newOption). */
export function newGroup(
  name: string,
  rawName: string,
  src: FileSpans,
  line: number,
  start: number,
  end: number,
): GroupNode {
  return { __proto__: GroupNode.prototype, options: [], name, rawName, src, line, start, end } as unknown as GroupNode;
}

export class IncludeNode extends LineNode implements MyCnfInclude {
  resolved: string[] = [];

  constructor(
    public directive: '!include' | '!includedir',
    public path: string,
    readonly src: FileSpans,
    readonly line: number,
    readonly start: number,
    readonly end: number,
  ) {
    super();
  }

  toJSON(): MyCnfInclude {
    return { directive: this.directive, path: this.path, span: this.span, resolved: this.resolved };
  }
}
