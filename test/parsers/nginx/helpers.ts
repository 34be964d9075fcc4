import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MemoryTree } from '../../../labs/core/vfs';
import { shared } from '../../shared';

const corpus = shared('conformance');
export const CONFORMANCE = corpus.path;
/** Why the conformance tests are skipped (a plain clone has no ../shared), or undefined. */
export const CONFORMANCE_MISSING = corpus.missing;
/** The case folders of the Nginx conformance corpus (none when it is absent). */
export const nginxCaseNames = (): string[] =>
  CONFORMANCE_MISSING ? [] : readdirSync(path.join(CONFORMANCE, 'nginx')).sort();
export const NGINX_CASES = path.join(CONFORMANCE, 'nginx');
export const NGINX_EXPECTED = path.join(CONFORMANCE, 'nginx-expected');

/** Reads a folder into a MemoryTree (test helper; the core never touches the disk). */
export function treeFromDir(dir: string): MemoryTree {
  const files: Record<string, Uint8Array> = {};
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(full).isDirectory()) walk(full, r);
      else files[r] = readFileSync(full);
    }
  };
  walk(dir, '');
  return new MemoryTree(files);
}

export function readCase(name: string, file = 'nginx.conf'): string {
  return readFileSync(path.join(NGINX_CASES, name, file), 'utf8');
}
