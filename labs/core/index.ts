/** The core's public entry: what the site, the CLI and a browser bundle import. */
export {
  checkSubmission,
  selectedChecks,
  toLearnerSpan,
  CheckContractError,
  ENGINE_MESSAGES,
  type CheckSubmissionInput,
} from './engine';
export { buildModel } from './model/build';
export type { Model, ModelFile, HostModel } from './model/types';
export { checks, staticChecks, findCheck } from './checks/index';
export type { CheckContext, FindingInput, ExternalFinding, StaticCheck } from './checks/context';
export type { CheckMeta, CheckDefinition } from './checks/types';
export { parseLabSpec } from './spec/load';
export type { LabSpec, LabCheck, LabHost, LabRole, LabQuestion, OptionValues } from './spec/types';
export type { OptionSpec, OptionsSchema } from './checks/options';
export type { Report, CheckResult, Finding, CheckStatus } from './report/types';
export { MemoryTree, type FileTree } from './vfs';
