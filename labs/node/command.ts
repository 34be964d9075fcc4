/** What a CLI command module exports (its own module, so commands and main.ts import no circle). */
import type { CliIO } from './io';

export interface Command {
  summary: string;
  run(args: string[], io: CliIO): Promise<number>;
}
