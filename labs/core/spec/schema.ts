/**
 * The lab spec schema (labs/specs/<lab>/spec.yaml), strict: an unknown key is an error.
 *
 * Written with `zod/mini`: the schema lives in the core (pure, bundles for the browser) and
 * zod/mini is about 12 KiB bundled against about 440 KiB for full zod, with the same
 * `z.strictObject` semantics. The site validates nothing in the browser today, but the core
 * must stay bundleable, and the CLI only loads the schema when the spec is not in the
 * validated cache (see labs/node/specs.ts), so start-up stays lean either way.
 */
import * as z from 'zod/mini';

const name = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/));
const ipv4 = z.string().check(z.regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/));

export const hostSchema = z.strictObject({
  name,
  /** One of the spec's `roles`. */
  role: name,
  address: ipv4,
  /** A host whose folder may be absent without failing (its checks are skipped). */
  optional: z.optional(z.boolean()),
  description: z.optional(z.string()),
});

/** A role: the file kinds its hosts' folders may hold (anything else is reported as misplaced). */
export const roleSchema = z.strictObject({
  kinds: z.array(name).check(z.minLength(1)),
  description: z.optional(z.string()),
});

/** An option value (each check declares its options' types: checks/options.ts). */
export const optionValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export const optionsSchema = z.record(z.string(), optionValueSchema);

/** One design question of answers.yaml: accepted answers (with aliases) and its points. */
export const questionSchema = z.strictObject({
  points: z.int().check(z.nonnegative()),
  /** `one`: a single value; `set`: a list that must contain every expected item (and no wrong ones). */
  type: z.enum(['one', 'set']),
  /** Canonical expected values. */
  expect: z.array(z.string()).check(z.minLength(1)),
  /** Canonical value -> accepted spellings (lower-cased comparison, `_`/space = `-`). */
  aliases: z.optional(z.record(z.string(), z.array(z.string()))),
  /** Values that are wrong in a way worth naming (their own explanation messageId in design/answers). */
  wrong: z.optional(z.record(z.string(), z.string())),
  /** What design/answers says when the answer is wrong or incomplete (`{{value}}`, `{{missing}}`), when its own messages do not say it. */
  explain: z.optional(z.string().check(z.minLength(1))),
  /** The text of each `wrong` value's explanation that design/answers's own messages do not hold. */
  explanations: z.optional(z.record(z.string(), z.string().check(z.minLength(1)))),
});

export const specCheckSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]+\/[a-z0-9-]+$/)),
  points: z.optional(z.int().check(z.nonnegative())),
  required: z.optional(z.boolean()),
  hidden: z.optional(z.boolean()),
  /** This check's options (override the lab-wide ones). */
  options: z.optional(optionsSchema),
});

export const labSpecSchema = z.strictObject({
  id: name,
  title: z.string().check(z.minLength(1)),
  summary: z.string().check(z.minLength(1)),
  version: z.optional(z.int().check(z.positive())),
  roles: z.record(name, roleSchema),
  /** How reports title the lab's components (`haproxy: HAProxy load balancer (lb-01)`), in report order. */
  components: z.optional(z.record(z.string(), z.string().check(z.minLength(1)))),
  hosts: z.array(hostSchema).check(z.minLength(1)),
  /** Lab-wide options: every listed check (and probe) that declares an option receives its value. */
  options: z.optional(optionsSchema),
  /** Modules beside the spec that register the lab's own file kinds, checks and probes (node side). */
  plugins: z.optional(z.array(z.string().check(z.minLength(1)))),
  /** The application server live mode starts on the hosts that hold the `app` kind (beside the spec). */
  app: z.optional(z.string().check(z.minLength(1))),
  questions: z.record(z.string(), questionSchema),
  checks: z.array(specCheckSchema).check(z.minLength(1)),
});

export type RawLabSpec = z.infer<typeof labSpecSchema>;

/** A broken variant's manifest (labs/specs/<lab>/broken/<name>/variant.yaml): an overlay over a base submission. */
export const variantSchema = z.strictObject({
  description: z.string().check(z.minLength(1)),
  /** The folder (inside the lab's folder) the overlay applies to. */
  base: z.string().check(z.minLength(1)),
  /** Files of the base removed before the overlay is applied. */
  remove: z.optional(z.array(z.string())),
  expect: z.strictObject({
    fail: z.optional(z.array(z.string())),
    warn: z.optional(z.array(z.string())),
    /** Checks that pass with an info note. */
    info: z.optional(z.array(z.string())),
    /** Checks that skip (with their reason as a note): what they judge is missing, and another check says so. */
    skip: z.optional(z.array(z.string())),
    /** Checks that fail too when the real tools (haproxy -c, nginx -t) run. */
    'fail-with-real-tools': z.optional(z.array(z.string())),
  }),
});

export type VariantManifest = z.infer<typeof variantSchema>;
