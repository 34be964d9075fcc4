/**
 * The playground: a reader's answer, file by file, checked in the browser by the same checks as check-lab
 * (labs/core in a Web Worker), with findings as markers in the editor and a report grouped like the CLI's.
 * Nothing leaves the machine: no request is made while checking. Loaded only on /playground.
 */
import React, { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Link from '@docusaurus/Link';
import useBaseUrl from '@docusaurus/useBaseUrl';
import type { EditorLang, Marker } from './Editor';
import StaticEditor, { type StaticPosition } from './StaticEditor';
import { encodeState, decodeState } from './share';
import type { Report, CheckResult, Finding } from '../../labs/core/report/types';
import { componentComparator, componentTitle } from '../../labs/core/report/components';
import type { CheckRequest, CheckResponse } from './worker';
import type { PlaygroundData, PlaygroundExamples } from '../../plugins/labs-data';
import type { LabSpec } from '../../labs/core/spec/types';
import styles from './styles.module.css';

type Files = Record<string, string>;

const MARK: Record<string, string> = { pass: '✔', fail: '✖', warn: '!', skip: '-', error: '‼' };
/** Checks whose verdict comes from a real tool: the browser cannot run it. */
const TOOL_CHECK = /\/valid-config$/;

type EditorModule = typeof import('./Editor');
let editorModule: EditorModule | undefined;
let editorLoading: Promise<EditorModule> | undefined;
/** CodeMirror and the editor (their own chunk): loaded once, when the reader first shows an intent to edit. */
function loadEditor(): Promise<EditorModule> {
  return (editorLoading ??= import('./Editor').then((m) => (editorModule = m)));
}

/**
 * Whether the page was already running when the playground mounted (a client-side navigation), rather than
 * being hydrated from the server's HTML on a first load. Docusaurus sets the attribute after hydration.
 */
function afterHydration(): boolean {
  return typeof document !== 'undefined' && document.documentElement.dataset.hasHydrated === 'true';
}

/** A lab's reference solution (its own chunk, loaded on demand). */
async function solutionOf(labId: string): Promise<Files> {
  const { default: all } = (await import('@generated/labs-data/default/playground-solutions.json')) as {
    default: Record<string, Files>;
  };
  return { ...(all[labId] ?? {}) };
}

/** The file to open first: a host's file (lb-01/... before answers.yaml). */
function firstFile(f: Files): string | undefined {
  return Object.keys(f).sort((a, b) =>
    a.includes('/') === b.includes('/') ? a.localeCompare(b) : a.includes('/') ? -1 : 1,
  )[0];
}

/** The editor's language from the kind the checker recognised (report.files), so the page needs no sniffer of its own. */
function langOf(path: string, kind: string | undefined): EditorLang {
  const k = kind ?? '';
  if (k === 'haproxy' || k === 'nginx' || k === 'mycnf' || k === 'sql' || k === 'shell') return k;
  if (k === 'firewall') return 'shell';
  if (k === 'answers' || k === 'inventory' || /\.ya?ml$/.test(path)) return 'yaml';
  return 'text';
}

function markersFor(report: Report | undefined, file: string): Marker[] {
  if (!report) return [];
  const out: Marker[] = [];
  for (const c of report.checks) {
    for (const f of c.findings) {
      if (f.file !== file || !f.line) continue;
      out.push({
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        severity: f.severity,
        message: `${f.message}${f.hint ? `\nHint: ${f.hint}` : ''} (${c.id})`,
      });
    }
  }
  return out;
}

/** A host folder's files from a dropped or picked folder: `my-answer/lb-01/haproxy.cfg` -> `lb-01/haproxy.cfg`. */
function stripTop(paths: Files, hosts: string[]): Files {
  const keys = Object.keys(paths);
  const firsts = new Set(keys.map((k) => k.split('/')[0]));
  const strip = firsts.size === 1 && keys.every((k) => k.includes('/')) && !hosts.includes([...firsts][0]!);
  return Object.fromEntries(keys.map((k) => [strip ? k.slice(k.indexOf('/') + 1) : k, paths[k]!]));
}

async function readEntry(entry: FileSystemEntry, prefix: string, out: Files): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    if (file.size <= 1024 * 1024) out[prefix + entry.name] = await file.text();
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
    if (batch.length === 0) break;
    for (const e of batch) await readEntry(e, `${prefix}${entry.name}/`, out);
  }
}

export default function Playground({ data }: { data: PlaygroundData }): React.JSX.Element {
  const [labId, setLabId] = useState(data.labs[0]?.id ?? '');
  const lab = data.labs.find((l) => l.id === labId) ?? data.labs[0]!;
  const spec = lab.spec as LabSpec;
  const [files, setFiles] = useState<Files>(() => ({ ...lab.starter }));
  const [active, setActive] = useState<string>(() => firstFile(lab.starter) ?? lab.layout[0] ?? '');
  const [report, setReport] = useState<Report>();
  const [writtenAll, setWrittenAll] = useState<NonNullable<CheckResponse['written']>>([]);
  // busy from the start: the page checks its answer as soon as it runs (the server HTML says so too)
  const [busy, setBusy] = useState(true);
  const [jump, setJump] = useState<{ line: number; column?: number; caret?: boolean }>();
  const [notice, setNotice] = useState('');
  const [showWritten, setShowWritten] = useState(false);
  const [ready, setReady] = useState(false);
  // The editor: on a first load the server-rendered static view of the file, CodeMirror when the reader
  // reaches for it (so its ~100 KB and its start-up stay off the page's load); after a client-side navigation
  // (the page is already running) CodeMirror at once.
  const [navigated] = useState(afterHydration);
  const [EditorC, setEditorC] = useState<EditorModule['default'] | null>(() =>
    navigated && editorModule ? editorModule.default : null,
  );
  const editorWanted = useRef<Promise<void> | null>(null);
  const wantEditor = useCallback((): Promise<void> => {
    editorWanted.current ??= loadEditor().then((m) => setEditorC(() => m.default));
    return editorWanted.current;
  }, []);
  const hasReport = useRef(false);
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);
  // one check in flight at a time; edits made meanwhile are checked together as soon as it returns
  const inFlight = useRef(false);
  const pending = useRef<Files | null>(null);
  const docsBase = useBaseUrl('/docs/checks/');

  // the initial state: a shared link (#s=...), a check page's example (?try=<check id>), else the starter
  useEffect(() => {
    void (async () => {
      // after a client-side navigation the editor is there before the first findings (markers included)
      if (navigated) await wantEditor();
      const hash = window.location.hash;
      const shared = await decodeState(hash);
      const tryId = new URLSearchParams(window.location.search).get('try') ?? undefined;
      if (shared) {
        const l = data.labs.find((x) => x.id === shared.lab) ?? data.labs[0]!;
        setLabId(l.id);
        setFiles(shared.files);
        setActive(shared.active && shared.active in shared.files ? shared.active : (firstFile(shared.files) ?? ''));
      } else if (tryId) {
        // the check pages' examples and the code that places them load only for a "try it" link
        const [{ default: examples }, { exampleAnswer, groupExamples }, solution] = await Promise.all([
          import('@generated/labs-data/default/playground-examples.json') as Promise<{ default: PlaygroundExamples }>,
          import('./examples'),
          solutionOf(lab.id),
        ]);
        const group =
          examples[tryId] &&
          groupExamples(
            tryId,
            examples[tryId]!.filter((e) => e.kind === 'incorrect'),
          )[0];
        const answer = group && exampleAnswer(solution, tryId, ...group);
        if (answer) {
          setFiles(answer);
          const first = Object.keys(answer).find((p) => answer[p] !== solution[p]) ?? Object.keys(answer)[0]!;
          setActive(first);
          setNotice(`The Incorrect example of ${tryId} in the reference solution: its finding shows below.`);
        }
      }
      setReady(true);
    })();
    // once, on load
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<CheckResponse>) => {
      inFlight.current = false;
      if (pending.current) {
        const next = pending.current;
        pending.current = null;
        post(next);
      }
      if (e.data.id !== seq.current) return;
      const show = (): void => {
        setBusy(false);
        if (e.data.report) {
          setReport(e.data.report);
          setWrittenAll(e.data.written ?? []);
        } else setNotice(`The checker stopped: ${e.data.error ?? 'unknown error'}`);
      };
      // The first report fills the whole panel: rendered as a transition, in slices that let the page respond.
      // Later ones (an edit) change a few rows and go straight through.
      if (hasReport.current) show();
      else {
        hasReport.current = true;
        startTransition(show);
      }
      document.documentElement.dataset.wilChecked = String(e.data.id);
      (window as unknown as { __wilLastCheckMs?: number }).__wilLastCheckMs = e.data.ms;
    };
    worker.current = w;
    return () => w.terminate();
  }, []);

  const specRef = useRef(spec);
  specRef.current = spec;
  function post(f: Files): void {
    if (!worker.current) return;
    seq.current++;
    inFlight.current = true;
    const req: CheckRequest = { id: seq.current, lab: specRef.current, files: f };
    worker.current.postMessage(req);
  }

  useEffect(() => {
    if (!ready) return;
    setBusy(true);
    if (inFlight.current) pending.current = files;
    else post(files);
    // post reads refs only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [files, ready, spec]);

  const edit = useCallback(
    (text: string) => setFiles((f) => (f[active] === text ? f : { ...f, [active]: text })),
    [active],
  );

  const paths = useMemo(() => {
    // the answer's files, and an empty placeholder from the lab's layout for each host folder that has none
    const have = new Set(Object.keys(files).map((p) => (p.includes('/') ? p.split('/')[0] : p)));
    const placeholders = lab.layout.filter((p) => !have.has(p.includes('/') ? p.split('/')[0]! : p));
    const seen = new Set<string>();
    const firstPerHost = placeholders.filter((p) => {
      const h = p.includes('/') ? p.split('/')[0]! : p;
      if (seen.has(h)) return false;
      seen.add(h);
      return true;
    });
    const all = [...new Set([...Object.keys(files), ...firstPerHost])];
    return all.sort((a, b) => (a.includes('/') === b.includes('/') ? a.localeCompare(b) : a.includes('/') ? -1 : 1));
  }, [lab.layout, files]);

  const counts = useMemo(() => {
    const n: Record<string, number> = {};
    for (const c of report?.checks ?? [])
      for (const f of c.findings)
        if (f.file && f.severity !== 'info' && c.status !== 'pass') n[f.file] = (n[f.file] ?? 0) + 1;
    return n;
  }, [report]);

  const markers = useMemo(() => markersFor(report, active), [report, active]);

  const written = useMemo(() => writtenAll.filter((w) => w.script === active), [writtenAll, active]);

  const share = async (): Promise<void> => {
    const s = await encodeState({ lab: lab.id, files, active });
    const url = `${window.location.origin}${window.location.pathname}#s=${s}`;
    window.history.replaceState(null, '', `#s=${s}`);
    try {
      await navigator.clipboard.writeText(url);
      setNotice('A link to this answer is in your clipboard (and in the address bar).');
    } catch {
      setNotice('The address bar now holds a link to this answer.');
    }
  };

  const command = `npm run check-lab -- my-answer --lab ${lab.id}`;
  const copyCommand = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(command);
      setNotice(`Copied: ${command}`);
    } catch {
      setNotice(command);
    }
  };

  const download = async (): Promise<void> => {
    const { zipFiles } = await import('./zip');
    const blob = new Blob([zipFiles(files, 'my-answer') as BlobPart], { type: 'application/zip' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'my-answer.zip';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  const load = (f: Files, what: string): void => {
    const clean = stripTop(
      f,
      spec.hosts.map((h) => h.name),
    );
    setFiles(clean);
    setActive(firstFile(clean) ?? '');
    setNotice(what);
  };

  const pickFolder = async (e: React.ChangeEvent<HTMLInputElement>): Promise<void> => {
    const out: Files = {};
    for (const file of Array.from(e.target.files ?? [])) {
      if (file.size > 1024 * 1024) continue;
      out[(file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name] = await file.text();
    }
    load(out, `Loaded ${Object.keys(out).length} files from the folder.`);
  };

  const drop = async (e: React.DragEvent): Promise<void> => {
    e.preventDefault();
    const out: Files = {};
    for (const item of Array.from(e.dataTransfer.items)) {
      const entry = item.webkitGetAsEntry?.();
      if (entry) await readEntry(entry, '', out);
    }
    if (Object.keys(out).length) load(out, `Loaded ${Object.keys(out).length} dropped files.`);
  };

  const addFile = (): void => {
    const name = window.prompt('File path, e.g. lb-01/install.sh', `${spec.hosts[0]?.name ?? 'lb-01'}/setup.sh`);
    if (!name || !/^[\w.-]+(\/[\w.-]+)*$/.test(name)) return;
    setFiles((f) => ({ ...f, [name]: f[name] ?? '' }));
    setActive(name);
  };

  const removeFile = (path: string): void => {
    setFiles((f) => {
      const { [path]: _gone, ...rest } = f;
      void _gone;
      return rest;
    });
    if (active === path) setActive(paths.find((p) => p !== path) ?? '');
  };

  const goTo = (f: Finding): void => {
    if (!f.file) return;
    if (!(f.file in files)) setFiles((x) => ({ ...x, [f.file!]: '' }));
    setActive(f.file);
    if (f.line) setJump({ line: f.line, column: f.column });
  };

  /** The static view was clicked or focused: the editor comes in with the cursor there, focused. */
  const activate = (at: StaticPosition): void => {
    setJump({ ...at, caret: true });
    void wantEditor();
  };

  const groups = useMemo(() => {
    const g = new Map<string, CheckResult[]>();
    for (const c of report?.checks ?? []) g.set(c.component, [...(g.get(c.component) ?? []), c]);
    const order = componentComparator(spec.components);
    return [...g.entries()].sort((a, b) => order(a[0], b[0]));
  }, [report, spec]);

  // the lab's checks the browser does not run (its live probes): listed with how to run them
  const liveChecks = useMemo(
    () => (report ? spec.checks.filter((c) => !c.hidden && !report.checks.some((r) => r.id === c.id)) : []),
    [report, spec],
  );

  return (
    <div
      className={styles.playground}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => void drop(e)}
      // an intent to edit: the editor starts loading (a mouse over the playground, a touch, focus, a key)
      onPointerOver={(e) => {
        if (e.pointerType === 'mouse') void wantEditor();
      }}
      onPointerDown={() => void wantEditor()}
      onFocus={() => void wantEditor()}
      onKeyDown={() => void wantEditor()}
    >
      <div className={styles.toolbar} role="toolbar" aria-label="Playground actions">
        {data.labs.length > 1 && (
          <label>
            Lab{' '}
            <select
              value={lab.id}
              onChange={(e) => {
                const l = data.labs.find((x) => x.id === e.target.value)!;
                setLabId(l.id);
                load(l.starter, `The ${l.id} starter.`);
              }}
            >
              {data.labs.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="button button--sm button--secondary"
          onClick={() => load(lab.starter, 'The starter example: a plausible first attempt.')}
        >
          Starter
        </button>
        <button
          type="button"
          className="button button--sm button--secondary"
          onClick={() => void solutionOf(lab.id).then((f) => load(f, 'The reference solution.'))}
        >
          Solution
        </button>
        <label className="button button--sm button--secondary">
          Open folder…
          <input
            type="file"
            className={styles.hidden}
            onChange={(e) => void pickFolder(e)}
            {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
            multiple
          />
        </label>
        <button type="button" className="button button--sm button--secondary" onClick={addFile}>
          Add file
        </button>
        <button type="button" className="button button--sm button--primary" onClick={() => void share()}>
          Copy link
        </button>
        <button type="button" className="button button--sm button--secondary" onClick={() => void copyCommand()}>
          Copy check-lab command
        </button>
        <button type="button" className="button button--sm button--secondary" onClick={() => void download()}>
          Download .zip
        </button>
        <span className={styles.status} role="status" aria-live="polite" data-busy={busy ? 'true' : 'false'}>
          {busy ? 'Checking…' : report ? `${report.score}/${report.maxScore} points` : ''}
        </span>
      </div>
      {notice && (
        <p className={styles.notice} role="status">
          {notice}
        </p>
      )}
      <div className={styles.main}>
        <nav className={styles.files} aria-label="Files of the answer">
          <ul className={styles.fileList}>
            {paths.map((p) => (
              <li key={p} className={styles.fileRow}>
                <button
                  type="button"
                  aria-current={p === active ? 'true' : undefined}
                  className={p === active ? styles.fileActive : styles.file}
                  onClick={() => {
                    if (!(p in files)) setFiles((f) => ({ ...f, [p]: '' }));
                    setActive(p);
                  }}
                  data-file={p}
                >
                  {p}
                  {!(p in files) && <span className={styles.empty}> (empty)</span>}
                  {counts[p] ? (
                    <span className={styles.badge} aria-label={`${counts[p]} findings`}>
                      {counts[p]}
                    </span>
                  ) : null}
                </button>
                {p in files && (
                  <button
                    type="button"
                    className={styles.remove}
                    aria-label={`Remove ${p}`}
                    onClick={() => removeFile(p)}
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        </nav>
        <section className={styles.editor} aria-label={`Editor: ${active}`}>
          {active && EditorC ? (
            <EditorC
              value={files[active] ?? ''}
              onChange={edit}
              lang={langOf(active, report?.files.find((f) => f.path === active)?.kind)}
              markers={markers}
              jump={jump}
              label={`Contents of ${active}`}
            />
          ) : active ? (
            <StaticEditor
              value={files[active] ?? ''}
              markers={markers}
              label={`Contents of ${active}`}
              onActivate={activate}
            />
          ) : (
            <p>Pick or add a file.</p>
          )}
          {written.length > 0 && (
            <label className={styles.written}>
              <input type="checkbox" checked={showWritten} onChange={(e) => setShowWritten(e.target.checked)} /> show
              the {written.length} file(s) this script writes, as the checker reads them
            </label>
          )}
          {showWritten &&
            written.map((w) => (
              <figure key={w.target} className={styles.writtenFile}>
                <figcaption>
                  <code>{w.target}</code>
                </figcaption>
                <pre>{w.text}</pre>
              </figure>
            ))}
        </section>
        <section className={styles.report} aria-label="Report">
          {report?.inventory && report.inventory.some((h) => h.origin === 'inferred') && (
            <details className={styles.inventory}>
              <summary>Inventory (inferred from your files)</summary>
              <ul>
                {report.inventory.map((h) => (
                  <li key={h.host}>
                    <code>{h.host}</code>{' '}
                    {h.origin === 'default'
                      ? 'not named in your files'
                      : `${h.address} (${h.origin === 'inventory' ? h.from : `from ${h.from}`})`}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {groups.map(([comp, checks]) => (
            <div key={comp}>
              <h2 className={styles.group}>{componentTitle(comp, spec.components)}</h2>
              <ul className={styles.checks}>
                {checks.map((c) => (
                  <li key={c.id} data-check-id={c.id} data-status={c.status} className={styles[`s_${c.status}`]}>
                    <div className={styles.checkHead}>
                      <span aria-hidden="true">{MARK[c.status]}</span> {c.title} <code>{c.id}</code>{' '}
                      <span className={styles.points}>{c.maxPoints ? `${c.points}/${c.maxPoints}` : ''}</span>
                      <span className={styles.srOnly}> status: {c.status}</span>
                    </div>
                    {TOOL_CHECK.test(c.id) && c.status === 'skip' && (
                      <p className={styles.note}>
                        Needs the real tool: run <code>npm run check-lab</code> for this.
                      </p>
                    )}
                    {c.findings.length > 0 && (
                      <ul className={styles.findings}>
                        {c.findings.map((f, i) => (
                          <li
                            key={i}
                            data-message-id={f.messageId}
                            data-file={f.file ?? ''}
                            data-line={f.line ?? ''}
                            className={styles[`f_${f.severity}`]}
                          >
                            {f.file ? (
                              <button type="button" className={styles.loc} onClick={() => goTo(f)}>
                                {f.file}
                                {f.line ? `:${f.line}` : ''}
                              </button>
                            ) : null}{' '}
                            {f.severity === 'info' || c.status === 'pass' ? <em>note: </em> : null}
                            {f.message}
                            {f.hint && c.status !== 'pass' && f.severity !== 'info' && (
                              <div className={styles.hint}>Hint: {f.hint}</div>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                    {(c.status === 'fail' || c.status === 'warn') && (
                      <Link to={`${docsBase}${c.id}`} className={styles.docs}>
                        Read more about {c.id}
                      </Link>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {/* after the report (not before it, where the report's arrival would push it down: a layout shift) */}
          {report && liveChecks.length > 0 && (
            <div>
              <h2 className={styles.group}>Live mode</h2>
              <ul className={styles.checks}>
                {liveChecks.map((c) => (
                  <li key={c.id} data-check-id={c.id} data-status="skip">
                    - <code>{c.id}</code>: run <code>npm run check-lab -- my-answer --live</code> for this.
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
