/**
 * `keepalived -t -f FILE` on each load balancer's keepalived.conf, in the real-tool sandbox
 * (toolsandbox.ts: bwrap, unprivileged, only the run folder visible, no network), with a timeout.
 *
 * keepalived -t checks that the interfaces the configuration names exist ("Non-existent interface
 * specified in configuration"), so the sandbox's own empty network namespace first gets an interface of
 * each name (a dummy link, else a veth end: only that step has CAP_NET_ADMIN, over that namespace only);
 * keepalived itself runs with no capability. It parses; it never runs the learner's vrrp_script commands
 * (test/node/keepalived-tool.test.ts pins that).
 *
 * Every line keepalived prints is a finding, on the learner's line when it names one ("(FILE: Line N)").
 * Unprivileged in the sandbox, keepalived cannot switch to a script user and sees no script file of the
 * learner's server: those messages are notes when the configuration is right on that point (the static
 * keepalived/script-security and tracks-haproxy checks judge it), and findings when it is not.
 * Lines are never added or removed (include lines are commented out), so line numbers stay the learner's.
 *
 * The helpers come from realtools.ts (passed in, so this module does not import it: no import cycle).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExternalFinding } from '../../core/checks/context';
import type { HostModel, KindUnit, Model, ModelFile } from '../../core/model/types';
import type { KeepalivedConf } from '../../core/parsers/keepalived/types';
import type { Span } from '../../core/source';
import type { ToolSandbox } from '../toolsandbox';
import type { ToolJail, ToolRun } from '../realtools';

export const KEEPALIVED_TIMEOUT_MS = 10_000;
const TOOL = 'keepalived -t';
/** At most this many interfaces are made for one run. */
const MAX_LINKS = 16;

export interface KeepalivedDeps {
  findTool(name: string): string | undefined;
  jailFor(tool: string): Promise<{ sandbox: ToolSandbox } | { finding: ExternalFinding }>;
  prepareJail(sandbox: ToolSandbox, dir: string): ToolJail;
  withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T>;
  runTool(cmd: string, args: string[], signal?: AbortSignal, timeout?: number, jail?: ToolJail): Promise<ToolRun>;
}

/** A name Linux accepts for an interface (IFNAMSIZ 16, no '/', ':' or whitespace). */
export function validInterfaceName(name: string): boolean {
  return /^[A-Za-z0-9_.@-]{1,15}$/.test(name) && name !== '.' && name !== '..' && !name.includes('@');
}

/** The interfaces a configuration names (instances, VIP devices, tracked interfaces), valid ones only. */
export function interfacesOf(conf: KeepalivedConf): string[] {
  const names = new Set<string>();
  for (const i of conf.instances) {
    if (i.interface) names.add(i.interface);
    for (const v of i.vips) if (v.dev) names.add(v.dev);
    for (const t of i.trackInterfaces) names.add(t.name);
  }
  // (lo exists in every network namespace: keepalived refuses it for VRRP, as on the server)
  return [...names].filter((n) => validInterfaceName(n) && n !== 'lo').slice(0, MAX_LINKS);
}

const at = (file: ModelFile, line: number): Span => ({ file: file.path, line, column: 1 });

export async function keepalivedCheck(
  model: Model,
  host: HostModel,
  signal: AbortSignal | undefined,
  spawned: () => void,
  deps: KeepalivedDeps,
): Promise<ExternalFinding[]> {
  void model;
  const bin = deps.findTool('keepalived');
  const units = (host.units.keepalived ?? []) as Array<KindUnit<KeepalivedConf>>;
  if (!bin || !units.length) return [];
  const ip = deps.findTool('ip');
  const setpriv = deps.findTool('setpriv');
  if (!ip || !setpriv)
    return [
      {
        messageId: 'tool',
        data: {
          tool: TOOL,
          detail: `was not run: it needs \`${!ip ? 'ip' : 'setpriv'}\` (Debian: apt-get install ${!ip ? 'iproute2' : 'util-linux'}) to give the sandbox the interfaces your configuration names. The static checks still ran.`,
        },
        severity: 'warning',
        tool: TOOL,
      },
    ];
  const jailed = await deps.jailFor(TOOL);
  if ('finding' in jailed) return [jailed.finding];
  const out: ExternalFinding[] = [];
  for (const unit of units) {
    if (!unit.ast) continue;
    out.push(
      ...(await deps.withTempDir('web-infra-lab-keepalived-', async (dir) => {
        const file = unit.file;
        const lines = file.source.text.split('\n');
        const notes: ExternalFinding[] = [];
        for (const inc of unit.ast.includes ?? []) {
          lines[inc.span.line - 1] = `#${lines[inc.span.line - 1]}`;
          notes.push({
            messageId: 'tool-note',
            data: { detail: `for \`${TOOL}\`, \`${inc.keyword} ${inc.path}\` was left out: only this file is checked` },
            loc: at(file, inc.span.line),
            severity: 'info',
          });
        }
        const cfg = join(dir, 'keepalived.conf');
        writeFileSync(cfg, lines.join('\n'));
        const jail = deps.prepareJail(jailed.sandbox, dir);
        const links = interfacesOf(unit.ast);
        if (links.length) Object.assign(jail, { links, setpriv });
        const run = deps.runTool(bin, ['-t', '-f', cfg], signal, KEEPALIVED_TIMEOUT_MS, jail);
        spawned();
        const r = await run;
        const installed = (name: string) => /^[\w.+-]+$/.test(name) && deps.findTool(name) !== undefined;
        return [...notes, ...keepalivedFindings(r, cfg, file, unit.ast, links, installed)];
      })),
    );
  }
  return out;
}

/** Messages the sandbox itself causes (no script user to switch to, no script file), by what they say. */
const SCRIPT_USER =
  /Error setting global script uid\/gid|Unable to set default user|Script user '.*' does not exist|default user '.*' for script execution does not exist/;
const SCRIPT_FILE = /Disabling track script (\S+) (since not found\/accessible|due to insecure)/;
const TRACK_NOT_FOUND = /track script (\S+) not found, ignoring/;

/** The command a script line runs (its first word). */
function commandOf(script: string | undefined): string {
  return (script ?? '').trim().split(/\s+/)[0] ?? '';
}

/** keepalived -t's output as findings (exported for tests). */
export function keepalivedFindings(
  r: ToolRun,
  cfg: string,
  file: ModelFile,
  conf: KeepalivedConf,
  links: string[] = [],
  /** Is this bare command name installed on the checking machine? */
  installed: (name: string) => boolean = () => false,
): ExternalFinding[] {
  if (r.timedOut)
    return [
      {
        messageId: 'tool',
        data: {
          tool: TOOL,
          detail: `did not finish within ${KEEPALIVED_TIMEOUT_MS / 1000} s (Debian 12's keepalived 2.2.7 can hang under -t; the static checks still ran)`,
        },
        severity: 'warning',
        tool: TOOL,
      },
    ];
  if (r.error && r.code === null)
    return [
      {
        messageId: 'tool',
        data: { tool: TOOL, detail: `could not run (${r.error})` },
        severity: 'warning',
        tool: TOOL,
      },
    ];
  if (r.code === 97)
    return [
      {
        messageId: 'tool',
        data: {
          tool: TOOL,
          detail: `was not run: the sandbox could not create the interface(s) ${links.join(', ')} your configuration names`,
        },
        severity: 'warning',
        tool: TOOL,
      },
    ];
  const lineCount = file.source.text.split('\n').length;
  const g = conf.globalDefs;
  // the sandbox cannot switch users: only where the configuration names one is the message the sandbox's
  const userGiven = (script?: string) =>
    g.scriptUser !== undefined || (script !== undefined && conf.scripts.some((s) => s.name === script && s.user));
  const out: ExternalFinding[] = [];
  const notes: ExternalFinding[] = [];
  for (const raw of (r.stdout + '\n' + r.stderr).split('\n')) {
    let text = raw.trim();
    if (!text) continue;
    let span: Span | undefined;
    const m = /^\((?:(.*?): )?Line (\d+)\)\s*(.*)$/.exec(text);
    if (m && (m[1] === undefined || m[1] === cfg)) {
      span = at(file, Math.min(Math.max(1, Number(m[2])), lineCount));
      text = m[3];
    }
    text = text
      .split(cfg)
      .join(file.fromScript ? (file.target ?? file.path) : file.path)
      .split(cfg.slice(0, cfg.lastIndexOf('/') + 1))
      .join('(sandbox)/');
    // a message without a line is about the file: the security warning about its first script, the rest its top
    if (!span) span = /SECURITY VIOLATION/.test(text) && conf.scripts[0] ? conf.scripts[0].span : at(file, 1);
    const track = TRACK_NOT_FOUND.exec(text)?.[1];
    const disabled = SCRIPT_FILE.exec(text)?.[1];
    const sandboxMade =
      (SCRIPT_USER.test(text) && userGiven()) ||
      // a script file of the learner's server is not in the sandbox, and keepalived, unprivileged, cannot
      // look a bare command name up as the script user: a command installed here is not the learner's problem
      (disabled !== undefined &&
        conf.scripts.some(
          (s) =>
            s.name === disabled &&
            (/due to insecure/.test(text) || (s.script ?? '').startsWith('/') || installed(commandOf(s.script))),
        )) ||
      (track !== undefined && conf.scripts.some((s) => s.name === track) && userGiven(track));
    if (sandboxMade) {
      notes.push({
        messageId: 'tool-note',
        data: {
          detail: `\`${TOOL}\` said "${text}": that comes from the sandbox (keepalived runs unprivileged there and your server's script files are not in it); keepalived/script-security and keepalived/tracks-haproxy judge the scripts`,
        },
        ...(span ? { loc: span } : {}),
        severity: 'info',
      });
      continue;
    }
    // keepalived's own taxonomy (keepalived(8), exit status): scripts without script security is its own status,
    // not a configuration error (keepalived runs it); keepalived/script-security judges it, so here it is a warning
    if (/SECURITY VIOLATION - scripts are being executed but script_security not enabled/.test(text)) {
      out.push({
        messageId: 'tool',
        data: {
          tool: TOOL,
          detail: `${text} (keepalived still runs this configuration, its scripts as root: keepalived/script-security judges it)`,
        },
        loc: span,
        severity: 'warning',
        tool: TOOL,
      });
      continue;
    }
    // a bare command name not found here may be a package this machine lacks (killall is psmisc's)
    const def = disabled === undefined ? undefined : conf.scripts.find((s) => s.name === disabled);
    const bare =
      def !== undefined && /since not found\/accessible/.test(text) && !commandOf(def.script).startsWith('/');
    out.push({
      messageId: 'tool',
      data: {
        tool: TOOL,
        detail: bare
          ? `${text} (the command was not found on the checking machine: install it on your server, or give its absolute path)`
          : text,
      },
      ...(span ? { loc: span } : {}),
      severity: r.code === 0 || bare ? 'warning' : 'error',
      tool: TOOL,
    });
  }
  if (r.code !== null && r.code > 128 && r.code !== 143)
    out.push({
      messageId: 'tool',
      data: {
        tool: TOOL,
        detail: `crashed (status ${r.code}, signal ${r.code - 128}) after the messages above: Debian 12's keepalived 2.2.7 does so on some errors (an unterminated quote)`,
      },
      severity: 'error',
      tool: TOOL,
    });
  else if (r.code !== 0 && !out.length && !notes.length)
    out.push({
      messageId: 'tool',
      data: {
        tool: TOOL,
        detail:
          r.code === 143
            ? "was terminated (status 143): Debian 12's keepalived 2.2.7 dies so under -t with track_interface (fixed in 2.2.8); the static checks still ran"
            : `exited with status ${r.code}`,
      },
      severity: r.code === 143 ? 'warning' : 'error',
      tool: TOOL,
    });
  if (!out.some((f) => f.severity === 'error'))
    out.push({ messageId: 'tool-ok', data: { tool: TOOL }, severity: 'info', tool: TOOL });
  return [...out, ...notes];
}
