/**
 * What `zod` is in a function's bundle (the `zod` alias of LAMBDA_BUNDLING): zod itself, with a `z` of only the
 * functions dynamodb-toolbox's zod formatters call. The toolbox imports `{ z }`, zod's namespace as a value, which
 * esbuild cannot shake: every locale came into every bundle with it (getChild's bundle 272 → 626 KB). The product's
 * own `import * as z from 'zod'` is shaken member by member, as before. test/infra/zod-for-bundles.test.ts holds this
 * `z` to every function the toolbox's formatters call; the tests and the local runtime run on zod itself.
 */
import * as zod from '../../../node_modules/zod/v4/classic/external.js';

export * from '../../../node_modules/zod/v4/classic/external.js';

// Each member read by name, so the bundle keeps these and shakes the rest.
export const z = {
  array: zod.array,
  bigint: zod.bigint,
  boolean: zod.boolean,
  custom: zod.custom,
  discriminatedUnion: zod.discriminatedUnion,
  enum: zod.enum,
  instanceof: zod.instanceof,
  literal: zod.literal,
  null: zod.null,
  number: zod.number,
  object: zod.object,
  optional: zod.optional,
  preprocess: zod.preprocess,
  record: zod.record,
  set: zod.set,
  string: zod.string,
  tuple: zod.tuple,
  union: zod.union,
};

export default z;
