/**
 * The editor's text before CodeMirror is there: the active file as plain lines with their numbers, rendered on
 * the server with the page, so the reader sees (and the browser paints) the file at once. CodeMirror (its own
 * chunk) replaces it when the reader shows an intent to edit: a pointer over or on the playground, focus, a
 * key. Focusing it (Tab, like the editor itself) moves the focus into the editor once it is in; clicking a line
 * puts the cursor there.
 * Lines with a finding are marked (the report beside lists them), as the editor's markers do.
 */
import React from 'react';
import type { Marker } from './Editor';

export interface StaticPosition {
  line: number;
  column: number;
}

/** The line and column under a click, from the line's `data-line` and the caret the browser puts there. */
function positionAt(e: React.MouseEvent<HTMLElement>): StaticPosition | undefined {
  const lineEl = (e.target as HTMLElement).closest<HTMLElement>('[data-line]');
  if (!lineEl) return undefined;
  const line = Number(lineEl.dataset.line);
  let column = 1;
  const d = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  const caret = d.caretPositionFromPoint?.(e.clientX, e.clientY);
  const range = caret ? undefined : document.caretRangeFromPoint?.(e.clientX, e.clientY);
  const node = caret?.offsetNode ?? range?.startContainer;
  const offset = caret?.offset ?? range?.startOffset;
  if (node && offset !== undefined && lineEl.contains(node)) column = offset + 1;
  else column = (lineEl.textContent ?? '').length + 1;
  return { line, column };
}

export default function StaticEditor({
  value,
  label,
  markers,
  onActivate,
}: {
  value: string;
  label: string;
  markers: Marker[];
  /** The reader wants to edit here (click: at that position; focus: at the start). */
  onActivate: (at: StaticPosition) => void;
}): React.JSX.Element {
  const lines = value.split('\n');
  const marked = new Map<number, Marker['severity']>();
  for (const m of markers) if (m.severity !== 'info' && !marked.has(m.line)) marked.set(m.line, m.severity);
  return (
    <div
      className="wil-editor wil-editor-static"
      data-testid="editor-static"
      role="textbox"
      aria-multiline="true"
      aria-label={label}
      tabIndex={0}
      onFocus={() => onActivate({ line: 1, column: 1 })}
      onClick={(e) => onActivate(positionAt(e) ?? { line: 1, column: 1 })}
    >
      <div className="wil-static-gutter" aria-hidden="true">
        {lines.map((_, i) => (
          <div key={i}>{i + 1}</div>
        ))}
      </div>
      <div className="wil-static-content">
        {lines.map((l, i) => (
          <div key={i} data-line={i + 1} className={marked.has(i + 1) ? `wil-static-${marked.get(i + 1)}` : undefined}>
            {l}
          </div>
        ))}
      </div>
    </div>
  );
}
