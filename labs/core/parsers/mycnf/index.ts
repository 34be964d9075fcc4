export type { MyCnfFile, MyCnfGroup, MyCnfInclude, MyCnfOption } from './ast';
export {
  MAX_INCLUDE_DEPTH,
  SERVER_GROUPS,
  getBoolean,
  getOption,
  getOptions,
  isStockInclude,
  normalizeOptionName,
  parseMyCnf,
  parseMyCnfText,
  printMyCnf,
  quoteValue,
  serverGroups,
  unescapeValue,
} from './parser';
