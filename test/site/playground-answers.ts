/**
 * The answers the playground parity test runs (issue: check in the browser): the lab's solution, starter and
 * every broken variant, and every labelled unit of ../shared/field-corpus (when present), each as a files map;
 * with what `check-lab --format json --no-real-tools` says of the same files.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { checkDir } from '../../labs/node/check';
import { listVariants, loadVariant } from '../../labs/node/specs';
import { loadSubmission } from '../../labs/node/fs';
import { specsDir } from '../../labs/node/paths';
import { corpus, labels, units } from '../field/corpus';

export interface Answer {
  name: string;
  lab: string;
  files: Record<string, string>;
}

/** What the comparison looks at: each check's status and its findings' (messageId, file, line). */
export type Verdicts = Record<string, { status: string; findings: string[] }>;

const dec = new TextDecoder();

function treeFiles(tree: { list(): string[]; read(p: string): Uint8Array | undefined }): Record<string, string> {
  return Object.fromEntries(tree.list().map((p) => [p, dec.decode(tree.read(p)!)]));
}

export async function answers(lab = 'distributed-web'): Promise<Answer[]> {
  const out: Answer[] = [];
  for (const name of ['solution', 'examples/starter', 'examples/own-servers']) {
    const { tree } = await loadSubmission(join(specsDir, lab, name));
    out.push({
      name,
      lab,
      files: Object.fromEntries(Object.entries(treeFiles(tree)).filter(([p]) => p !== 'README.md')),
    });
  }
  for (const v of listVariants(lab)) out.push({ name: `broken/${v}`, lab, files: treeFiles(loadVariant(lab, v).tree) });
  if (!corpus.missing) {
    const all = labels();
    for (const u of units(all)) {
      const files: Record<string, string> = {};
      for (const f of u.files)
        for (const h of f.hosts)
          files[`${h}/${basename(all[f.key]!.path)}`] = readFileSync(join(corpus.path, f.key), 'utf8');
      out.push({ name: `field/${u.name}`, lab, files });
    }
  }
  return out;
}

export function verdictsOf(
  checks: Array<{ id: string; status: string; findings: Array<{ messageId: string; file?: string; line?: number }> }>,
): Verdicts {
  return Object.fromEntries(
    checks.map((c) => [
      c.id,
      { status: c.status, findings: c.findings.map((f) => `${f.messageId} ${f.file ?? ''}:${f.line ?? ''}`).sort() },
    ]),
  );
}

/** check-lab --format json --no-real-tools on the files, written to a folder as a learner would have them. */
export async function cliVerdicts(a: Answer): Promise<Verdicts> {
  const dir = mkdtempSync(join(tmpdir(), 'wil-pg-'));
  try {
    for (const [p, text] of Object.entries(a.files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
    const r = await checkDir(dir, { lab: a.lab, realTools: false });
    return verdictsOf(r.checks);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The playground's share format (src/playground/share.ts), made on the Node side. */
export function shareHash(a: Answer): string {
  const bytes = deflateRawSync(Buffer.from(JSON.stringify({ lab: a.lab, files: a.files })));
  return `#s=${bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}
