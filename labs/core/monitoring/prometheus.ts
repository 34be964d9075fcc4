/**
 * What a prometheus.yml scrapes: its jobs and their static targets, with spans. A line reader for the
 * shape Prometheus documents (`scrape_configs:` - `job_name:` - `static_configs:` - `targets:` as a flow
 * list or a block list), so that the core needs no YAML library; anything else (file_sd, relabelling)
 * is kept as "other discovery" and judged as unknown rather than wrong. Bounded: 200,000 lines.
 */
import type { Span } from '../source';
import type { HostModel, ModelFile } from '../model/types';

export interface ScrapeTarget {
  /** As written, quotes removed (`10.0.0.10:8405`, `lb-01:9100`). */
  value: string;
  host: string;
  port?: number;
  span: Span;
}

export interface ScrapeJob {
  name: string;
  span: Span;
  metricsPath?: string;
  targets: ScrapeTarget[];
  /** Service discovery other than static_configs (file_sd_configs, dns_sd_configs...). */
  otherDiscovery: boolean;
}

export interface PrometheusConfig {
  file: ModelFile;
  jobs: ScrapeJob[];
  /** `rule_files:` entries. */
  ruleFiles: string[];
}

const unquote = (s: string) => s.trim().replace(/^(['"])(.*)\1$/, '$2');

function target(value: string, span: Span): ScrapeTarget {
  const v = unquote(value);
  const m = /^\[?([^\]/]*?)\]?(?::(\d+))?$/.exec(v);
  return { value: v, host: m ? m[1] : v, ...(m?.[2] ? { port: Number(m[2]) } : {}), span };
}

/** Reads one prometheus.yml (the file must hold `scrape_configs:`). */
export function readPrometheus(file: ModelFile): PrometheusConfig | undefined {
  const text = file.source.text;
  if (!/^scrape_configs\s*:/m.test(text)) return undefined;
  const lines = yamlLines(text);
  const out: PrometheusConfig = { file, jobs: [], ruleFiles: [] };
  let section = '';
  let job: ScrapeJob | undefined;
  let inTargets = -1;
  let inRules = false;
  const at = (i: number, col: number, len: number): Span => ({
    file: file.path,
    line: i + 1,
    column: col + 1,
    endLine: i + 1,
    endColumn: col + 1 + len,
  });
  lines.forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '');
    if (!line.trim()) return;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      section = line.split(':')[0].trim();
      inTargets = -1;
      inRules = section === 'rule_files';
      job = undefined;
      return;
    }
    if (inRules) {
      const m = /^\s*-\s*(.+)$/.exec(line);
      if (m) out.ruleFiles.push(unquote(m[1]));
      return;
    }
    if (section !== 'scrape_configs') return;
    const jm = /^(\s*)-\s*job_name\s*:\s*(.+)$/.exec(line);
    if (jm) {
      job = { name: unquote(jm[2]), span: at(i, jm[1].length, line.trim().length), targets: [], otherDiscovery: false };
      out.jobs.push(job);
      inTargets = -1;
      return;
    }
    if (!job) return;
    if (inTargets >= 0 && indent >= inTargets && /^\s*-/.test(line)) {
      const m = /^(\s*-\s*)(.+)$/.exec(line);
      if (m) job.targets.push(target(m[2], at(i, m[1].length, m[2].trim().length)));
      return;
    }
    inTargets = -1;
    const tm = /^(\s*-?\s*)targets\s*:\s*(.*)$/.exec(line);
    if (tm) {
      const rest = tm[2].trim();
      if (rest.startsWith('[')) {
        const body = rest.replace(/^\[/, '').replace(/\].*$/, '');
        let col = line.indexOf('[') + 1;
        for (const part of body.split(',')) {
          const v = part.trim();
          if (v) job.targets.push(target(v, at(i, col + part.indexOf(v), v.length)));
          col += part.length + 1;
        }
      } else inTargets = tm[1].length; // the column of `targets`: its items sit there or deeper
      return;
    }
    const mp = /^\s*metrics_path\s*:\s*(.+)$/.exec(line);
    if (mp) job.metricsPath = unquote(mp[1]);
    if (/^\s*-?\s*\w+_sd_configs\s*:/.test(line)) job.otherDiscovery = true;
  });
  return out;
}

/** Every prometheus.yml of the hosts given (submitted, or written by a script). */
export function prometheusConfigs(hosts: HostModel[]): PrometheusConfig[] {
  return hosts.flatMap((h) => readOwn(h.files, readPrometheus, (c) => !!c).flatMap((r) => r.value ?? []));
}

/** A YAML file's first 200,000 lines; CRLF files (saved on Windows) read as LF ones: the CR is not part of a value. */
export function yamlLines(text: string): string[] {
  return text
    .split('\n')
    .slice(0, 200_000)
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/**
 * Each file read once with `read`, but the files that are the configurations themselves: a script whose
 * written files were reconstructed (`fromScript`) and include one `found` in stands for those files, not for
 * a file of its own (its text holds the same YAML inside a heredoc or printf, under the script's name).
 */
export function readOwn<T>(
  files: readonly ModelFile[],
  read: (f: ModelFile) => T,
  found: (value: T) => boolean,
): Array<{ file: ModelFile; value: T }> {
  const all = files.map((file) => ({ file, value: read(file) }));
  const writers = new Set(all.filter((r) => r.file.fromScript && found(r.value)).map((r) => r.file.fromScript));
  return all.filter((r) => !(r.file.kind === 'shell' && writers.has(r.file.path)));
}
