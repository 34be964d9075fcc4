/**
 * The file kinds bundled with the engine: a static list (no readdir, no import side effect), which the
 * kind registry (../kinds.ts) starts with, so every lab, the CLI and the browser bundle know them
 * without a plug-in. A kind module imports only types from ../kinds.ts.
 */
import type { KindDefinition } from '../kinds';
import { keepalivedKind } from './keepalived';

export const bundledKinds: ReadonlyArray<KindDefinition> = [keepalivedKind as KindDefinition];
