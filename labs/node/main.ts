/**
 * The library-first CLI: `main(argv, io) -> exit code`. The bin (labs/cli/web-infra-lab.ts) is a
 * few lines around it; tests call it in-process and through the spawned bin with the same table.
 * Exit codes: 0 = clean, 1 = findings, 2 = usage, spec or unreadable-input error.
 */
import { type CliIO, TOOL_NAME, TOOL_VERSION, UsageError } from './io';
import type { Command } from './command';

export type { Command };
export type CommandRegistry = Record<string, () => Command>;

/**
 * A static, explicit registry; each module is loaded only when its command runs (fast start-up).
 * The lazy `require` runs compiled JavaScript; tests that run TypeScript sources in-process pass
 * their own registry (`main(argv, io, { commands })`) built from static imports.
 */
export const commands: CommandRegistry = {
  parse: () => (require('./commands/parse') as { command: Command }).command,
  check: () => (require('./commands/check') as { command: Command }).command,
  grade: () => (require('./commands/grade') as { command: Command }).command,
};

const summaries: Record<string, string> = {
  parse: 'parse one configuration file or provisioning script and print its AST and diagnostics',
  check: 'check a lab answer folder (what `npm run check-lab` runs)',
  grade: 'grade a folder of submissions (what `npm run grade` runs)',
};

export function usage(): string {
  const lines = [`Usage: ${TOOL_NAME} <command> [options]`, '', 'Commands:'];
  for (const name of Object.keys(commands)) lines.push(`  ${name.padEnd(8)} ${summaries[name] ?? ''}`);
  lines.push('', `Run \`${TOOL_NAME} <command> --help\` for a command's options.`);
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], io: CliIO, opts: { commands?: CommandRegistry } = {}): Promise<number> {
  const registry = opts.commands ?? commands;
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const load = Object.prototype.hasOwnProperty.call(registry, name) ? registry[name] : undefined;
  if (!load) {
    io.stderr.write(`${TOOL_NAME}: unknown command '${name}'. Try: ${Object.keys(registry).join(', ')} (or --help)\n`);
    return 2;
  }
  try {
    return await load().run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${TOOL_NAME} ${name}: ${err.message}\n`);
      if (err.hint) io.stderr.write(`hint: ${err.hint}\n`);
      return 2;
    }
    const e = err as Error;
    io.stderr.write(`${TOOL_NAME} ${name}: internal error: ${e?.stack ?? String(err)}\n`);
    io.stderr.write(
      'hint: this is a bug in web-infra-lab, not in your files; please report it with the command you ran.\n',
    );
    return 2;
  }
}
