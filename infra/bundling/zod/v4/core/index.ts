/** `zod/v4/core` in a function's bundle: the alias of `zod` (../../index.ts) renames its subpaths too. zod-openapi imports it. */
export * from '../../../../../node_modules/zod/v4/core/index.js';
