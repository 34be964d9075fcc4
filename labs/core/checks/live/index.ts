/**
 * Live-mode probes (`live/...`): metadata only in the core; the probes themselves run in
 * labs/node/live. Owned by the live-mode work; this placeholder keeps the registry importable.
 */
import type { CheckDefinition } from '../types';

export const liveChecks: CheckDefinition[] = [];
