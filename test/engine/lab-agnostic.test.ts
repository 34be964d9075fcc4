/**
 * Issue #13: the engine names no lab. The lab's id, its host names and its options' string values
 * (X-Served-By, app_db, /api/) come from its spec; none may appear in code under labs/core or
 * labs/node (comments aside). Left out of the scan, and why:
 * - the static check modules of the built-in catalogue (labs/core/checks/<component>/: haproxy, nginx,
 *   mysql, design, submission, tls, firewall, monitoring, keepalived...; live probes excepted): their titles, messages and hints are prose about the lab they were written for (they
 *   name `web-01` in examples), and lab 1's reports must stay byte-identical (test/specs/lab1-reports);
 * - host names that are also role names (`db-primary`): roles are the spec's vocabulary that checks query;
 * - numbers (ports): 80 and 3306 are protocols' defaults, not a lab's.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../labs/node/specs';
import { ROOT } from '../cli-build';

const CHECK_MODULES = /^labs\/core\/checks\/(?!live\/)[^/]+\//;

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) files(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.generated.ts')) out.push(p);
  }
  return out;
}

/** The code of a file without its comments (line comments, block comments, JSDoc). */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((l) => (/^\s*\/\//.test(l) ? '' : l.replace(/\s\/\/\s.*$/, '')))
    .join('\n');
}

describe('the engine names no lab', () => {
  it('no lab id, host name or option value of the bundled labs in labs/core or labs/node', () => {
    const lab = loadLab('distributed-web');
    const roles = new Set(Object.keys(lab.roles));
    const words = [
      lab.id,
      ...lab.hosts.map((h) => h.name).filter((n) => !roles.has(n)),
      ...Object.values(lab.options).filter((v): v is string => typeof v === 'string'),
    ];
    expect(words).toEqual(
      expect.arrayContaining(['distributed-web', 'lb-01', 'web-01', 'X-Served-By', 'app_db', '/api/']),
    );
    const hits: string[] = [];
    for (const f of [...files(join(ROOT, 'labs/core')), ...files(join(ROOT, 'labs/node'))]) {
      const rel = f.slice(ROOT.length + 1);
      if (CHECK_MODULES.test(rel)) continue;
      const text = code(readFileSync(f, 'utf8'));
      for (const w of words) {
        // a check id (`nginx/x-served-by`) is an identifier, not the header's value
        const re = new RegExp(`(?<![\\w/-])${w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![\\w-])`, 'i');
        const lines = text.split('\n').filter((l) => re.test(l.replace(/['"`][a-z]+\/[a-z0-9-]+['"`]/g, '')));
        for (const l of lines) hits.push(`${rel}: ${w}: ${l.trim().slice(0, 120)}`);
      }
    }
    expect(hits).toEqual([]);
  });
});
