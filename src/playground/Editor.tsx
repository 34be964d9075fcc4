/**
 * CodeMirror 6 in a small React wrapper (no wrapper library): one editor view, its document replaced when the
 * reader switches files, the checker's findings shown as lint markers (underline and hover; the report panel
 * beside it lists every finding as a button that jumps to its line). Tab is left to the page (no focus trap).
 */
import React, { useEffect, useRef } from 'react';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { history, historyKeymap, standardKeymap } from '@codemirror/commands';
import { StreamLanguage, syntaxHighlighting, type StreamParser } from '@codemirror/language';
import { setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { classHighlighter } from '@lezer/highlight';
import { properties } from '@codemirror/legacy-modes/mode/properties';
import { haproxyMode } from './haproxyMode';
import { nginxMode } from './nginxMode';
import { shellMode } from './shellMode';
import { yamlMode } from './yamlMode';
import { sqlMode } from './sqlMode';

export type EditorLang = 'haproxy' | 'nginx' | 'mycnf' | 'sql' | 'shell' | 'yaml' | 'text';

const MODES: Record<EditorLang, StreamParser<unknown> | undefined> = {
  haproxy: haproxyMode as StreamParser<unknown>,
  nginx: nginxMode as StreamParser<unknown>,
  mycnf: properties as StreamParser<unknown>,
  sql: sqlMode,
  shell: shellMode as StreamParser<unknown>,
  yaml: yamlMode as StreamParser<unknown>,
  text: undefined,
};

export interface Marker {
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

const theme = EditorView.theme({
  '&': {
    height: '100%',
    fontSize: '0.85rem',
    backgroundColor: 'var(--ifm-background-color)',
    color: 'var(--ifm-font-color-base)',
  },
  '.cm-content': { fontFamily: 'var(--ifm-font-family-monospace)', caretColor: 'var(--ifm-font-color-base)' },
  '.cm-gutters': {
    backgroundColor: 'var(--ifm-background-surface-color)',
    color: 'var(--ifm-color-emphasis-700)',
    borderRight: '1px solid var(--ifm-color-emphasis-300)',
  },
  '&.cm-focused': { outline: '2px solid var(--ifm-color-primary)' },
  '.cm-tooltip': { backgroundColor: 'var(--ifm-background-surface-color)', color: 'var(--ifm-font-color-base)' },
});

function toCm(view: EditorView, markers: Marker[]): CmDiagnostic[] {
  const doc = view.state.doc;
  const pos = (line: number, column: number | undefined): number => {
    const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
    return Math.min(l.from + Math.max((column ?? 1) - 1, 0), l.to);
  };
  return markers.map((m) => {
    const from = pos(m.line, m.column);
    let to =
      m.endLine !== undefined ? pos(m.endLine, m.endColumn) : doc.line(Math.min(Math.max(m.line, 1), doc.lines)).to;
    if (to <= from) to = Math.min(from + 1, doc.length);
    return { from, to: Math.max(to, from), severity: m.severity, message: m.message };
  });
}

export default function Editor({
  value,
  onChange,
  lang,
  markers,
  jump,
  label,
}: {
  value: string;
  onChange: (text: string) => void;
  lang: EditorLang;
  markers: Marker[];
  /** A line to scroll to and select (a new object each time); `caret`: only put the cursor there (a click on the static view). */
  jump?: { line: number; column?: number; caret?: boolean };
  label: string;
}): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const aria = useRef(new Compartment());
  const change = useRef(onChange);
  change.current = onChange;

  useEffect(() => {
    const mode = MODES[lang];
    view.current = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          keymap.of([...standardKeymap, ...historyKeymap]),
          // tokens get `tok-*` classes, coloured from the site's theme variables (styles.module.css)
          syntaxHighlighting(classHighlighter),
          theme,
          language.current.of(mode ? StreamLanguage.define(mode) : []),
          aria.current.of(EditorView.contentAttributes.of({ 'aria-label': label })),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) change.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    return () => view.current?.destroy();
    // the view is made once; value, lang and label changes are dispatched below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const mode = MODES[lang];
    view.current?.dispatch({ effects: language.current.reconfigure(mode ? StreamLanguage.define(mode) : []) });
  }, [lang]);

  useEffect(() => {
    view.current?.dispatch({
      effects: aria.current.reconfigure(EditorView.contentAttributes.of({ 'aria-label': label })),
    });
  }, [label]);

  useEffect(() => {
    const v = view.current;
    if (v) {
      v.dispatch(setDiagnostics(v.state, toCm(v, markers)));
      // for the benchmark: when the markers last changed (edit -> markers latency)
      (window as unknown as { __wilMarkersAt?: number }).__wilMarkersAt = performance.now();
    }
  }, [markers, value]);

  useEffect(() => {
    const v = view.current;
    if (!v || !jump) return;
    const l = v.state.doc.line(Math.min(Math.max(jump.line, 1), v.state.doc.lines));
    const at = Math.min(l.from + Math.max((jump.column ?? 1) - 1, 0), l.to);
    v.dispatch({
      selection: jump.caret ? { anchor: at } : { anchor: at, head: l.to },
      effects: EditorView.scrollIntoView(at, { y: jump.caret ? 'nearest' : 'center' }),
    });
    v.focus();
  }, [jump]);

  return <div ref={host} className="wil-editor" data-testid="editor" />;
}
