import { readFileSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { join } from 'node:path';
import { projectRoot } from './paths';

/** What a command needs from the outside world, passed in so that tests can run commands in-process. */
export interface Writable {
  write(chunk: string): unknown;
  /** Bytes as they are, when the destination takes them (the process's own stdout does). */
  writeBytes?(bytes: Uint8Array): unknown;
  isTTY?: boolean;
}

export interface CliIO {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: Writable;
  stderr: Writable;
  /** Lets long-running commands (live mode, grading) stop cleanly on SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

/** A usage or input error: printed as one line with a hint, exit code 2. */
const USAGE_ERROR = Symbol.for('web-infra-lab/UsageError');

export class UsageError extends Error {
  readonly [USAGE_ERROR] = true;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }

  /**
   * `instanceof` by brand, not by class: the bin's bundle and the files it loads on demand (live mode,
   * the spec validator) each hold a copy of this module, and an error from either is a usage error.
   */
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as { [USAGE_ERROR]?: unknown })[USAGE_ERROR] === true;
  }
}

export const TOOL_NAME = 'web-infra-lab';
// The version is read once from package.json at the project root (sources and dist alike).
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }
).version;

type ParsedArgs<O extends NonNullable<ParseArgsConfig['options']>> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>
>;

/**
 * Strict option parsing for a command (node:util parseArgs): an unknown option or a bad value is a
 * UsageError (exit 2) with a one-line hint to the command's --help.
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: O,
): ParsedArgs<O> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(
      (err as Error).message.split('\n')[0],
      `Run \`${TOOL_NAME} ${command} --help\` for the options.`,
    );
  }
}
