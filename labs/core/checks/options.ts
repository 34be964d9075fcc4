/**
 * Check options: what a check (or probe) lets a lab set, declared as plain data beside its logic
 * (so the site can list them and a browser bundle carries no schema library). The spec loader
 * validates a lab's values against these declarations (spec/load.ts); a check reads the resolved
 * values from `ctx.options`, never a lab's constants.
 */
import type { OptionValues } from '../spec/types';

export type OptionType = 'string' | 'integer' | 'port' | 'path' | 'boolean' | 'strings';

export interface OptionSpec {
  type: OptionType;
  description: string;
  /** Used when neither the lab nor the check's entry in the spec sets the option; none: the spec must set it. */
  default?: string | number | boolean | string[];
}

export type OptionsSchema = Record<string, OptionSpec>;

/** The values type of an options schema (what `ctx.options` holds for a check declaring it). */
export type OptionValuesOf<S extends OptionsSchema | undefined> = S extends OptionsSchema
  ? {
      readonly [K in keyof S]: S[K]['type'] extends 'port' | 'integer'
        ? number
        : S[K]['type'] extends 'boolean'
          ? boolean
          : S[K]['type'] extends 'strings'
            ? string[]
            : string;
    }
  : Record<string, never>;

/** Why a value does not fit its declaration, or undefined when it fits. */
export function optionProblem(spec: OptionSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' && value.length > 0 ? undefined : 'must be a non-empty string';
    case 'path':
      return typeof value === 'string' && value.startsWith('/') ? undefined : "must be a path starting with '/'";
    case 'integer':
      return Number.isInteger(value) ? undefined : 'must be an integer';
    case 'port':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535
        ? undefined
        : 'must be a port (1-65535)';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? undefined
        : 'must be a list of strings';
  }
}

/**
 * A check's options: its defaults, then the lab-wide values it declares, then its own entry's.
 * Returns the values and the names a check needs that nothing set.
 */
export function resolveOptions(
  schema: OptionsSchema | undefined,
  labWide: OptionValues,
  own: OptionValues = {},
): { values: OptionValues; missing: string[] } {
  const values: OptionValues = {};
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(schema ?? {})) {
    const v = name in own ? own[name] : name in labWide ? labWide[name] : spec.default;
    if (v === undefined) missing.push(name);
    else values[name] = v;
  }
  return { values, missing };
}

/** Typed read of a resolved option (the spec loader has checked its type). */
export function opt<T extends string | number | boolean | string[]>(
  options: OptionValues | undefined,
  name: string,
): T {
  const v = options?.[name];
  if (v === undefined)
    throw new Error(`option '${name}' is not set (the check does not declare it, or the spec was not validated)`);
  return v as T;
}
