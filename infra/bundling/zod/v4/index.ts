/** `zod/v4` in a function's bundle: the alias of `zod` (../index.ts) renames its subpaths too. zod-openapi imports it. */
export * from '../../../../node_modules/zod/v4/index.js';
export { default } from '../../../../node_modules/zod/v4/index.js';
