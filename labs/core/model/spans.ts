/** Where a span in a model file is in the learner's own files (a reconstructed line -> the script line). */
import { mapToOrigin, type SourceFile, type Span } from '../source';
import type { ModelFile } from './types';

export function learnerSpan(span: Span, sources: ReadonlyMap<string, SourceFile>, files: readonly ModelFile[]): Span {
  const src = sources.get(span.file);
  if (!src?.origin) return span;
  const mapped = mapToOrigin(span, src);
  if (mapped !== span && !mapped.file.startsWith('stock:')) return mapped;
  // A line from the distribution's stock file (or one with no origin): point at the script step that produced the file.
  const mf = files.find((f) => f.path === span.file);
  const step = (src as { steps?: Array<{ span: Span }> }).steps?.[0]?.span;
  if (step) return { file: step.file, line: step.line, column: step.column };
  return { file: mf?.fromScript ?? span.file, line: 1, column: 1 };
}
