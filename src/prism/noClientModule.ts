/**
 * Replaces @docusaurus/theme-classic's `prism-include-languages` client module in the browser build (see
 * docusaurus.config.ts): that module imports Prism into main.js and evaluates every grammar on every page
 * load. src/prism/client.ts does the same registration when Prism is actually needed.
 */
export {};
