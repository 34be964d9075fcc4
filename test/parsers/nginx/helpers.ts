import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MemoryTree } from '../../../labs/core/vfs';

export const CONFORMANCE = path.resolve(__dirname, '../../../../shared/conformance');
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
