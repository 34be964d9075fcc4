/** YAML files of the submission (answers.yaml, inventory.yaml) read with positions. */
import { LineCounter as YamlLineCounter, isMap, isSeq, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { type Diagnostic, type Span, diagnostic } from '../source';
import type { YamlData } from './types';

export function readYaml(file: string, text: string): YamlData {
  const lc = new YamlLineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const spanOf = (range?: readonly number[]): Span => {
    if (!range) return { file, line: 1, column: 1 };
    const a = lc.linePos(range[0]);
    const b = lc.linePos(range[1] ?? range[0]);
    return { file, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  const diagnostics: Diagnostic[] = doc.errors.map((e) => diagnostic(`yaml/${e.code.toLowerCase().replace(/_/g, '-')}`, 'error', e.message.split('\n')[0], spanOf(e.pos)));
  let data: unknown;
  try {
    data = doc.errors.length ? undefined : doc.toJS();
  } catch {
    data = undefined;
  }
  const locate = (path: ReadonlyArray<string | number>): Span => {
    let node: unknown = doc.contents;
    let best: YamlNode | undefined = doc.contents as YamlNode | undefined;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = (node.items as Pair[]).find((p) => String((p.key as { value?: unknown })?.value) === String(seg));
        if (!pair) break;
        node = pair.value;
        if (node && (node as YamlNode).range) best = node as YamlNode;
        else if ((pair.key as YamlNode)?.range) {
          best = pair.key as YamlNode;
          break;
        }
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
        if (node && (node as YamlNode).range) best = node as YamlNode;
        else break;
      } else break;
    }
    return spanOf(best?.range ?? undefined);
  };
  return { file, data, locate, diagnostics };
}
