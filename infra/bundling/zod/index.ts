/**
 * What `zod` is in a function's bundle (the `zod` alias of LAMBDA_BUNDLING): zod itself, with a `z` of only the
 * functions dynamodb-toolbox's zod formatters call. The toolbox imports `{ z }`, zod's namespace as a value, which
 * esbuild cannot shake: every locale came into every bundle with it (getChild's bundle 272 → 626 KB). The product's
 * own `import * as z from 'zod'` is shaken member by member, as before. test/infra/zod-for-bundles.test.ts holds this
 * `z` to every function the toolbox's formatters call; the tests and the local runtime run on zod itself.
 */
import {
  array,
  bigint,
  boolean,
  custom,
  discriminatedUnion,
  enum as enumOf,
  instanceof as instanceOf,
  literal,
  null as nullOf,
  number,
  object,
  optional,
  preprocess,
  record,
  set,
  string,
  tuple,
  union,
} from '../../../node_modules/zod/v4/classic/external.js';

export * from '../../../node_modules/zod/v4/classic/external.js';

export const z = {
  array,
  bigint,
  boolean,
  custom,
  discriminatedUnion,
  enum: enumOf,
  instanceof: instanceOf,
  literal,
  null: nullOf,
  number,
  object,
  optional,
  preprocess,
  record,
  set,
  string,
  tuple,
  union,
};

export default z;
