/** Routes of the table (lib/api/routes/index.ts): liveness, the contract and the page that renders it, the public routes. */
import * as z from 'zod';
import { defineRoute } from '../route';
import { CONTRACT_FILE } from '../served-contract';
import { DOCS_ASSETS } from '../docs-assets';
import { HealthSchema } from '../schemas/system';

export const getHealth = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/health',
  summary: 'Liveness',
  tag: 'System',
  access: 'public',
  publicBecause: 'a liveness probe that answers {"status":"ok"} and reads nothing',
  handler: 'functions/system/health.ts',
  request: {},
  responses: { 200: { description: 'The API answers.', json: HealthSchema } },
});

export const getOpenApi = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/openapi.json',
  summary: 'This contract as an OpenAPI 3.1 document',
  tag: 'System',
  access: 'public',
  publicBecause: 'the API contract as an OpenAPI document, the same for every caller',
  handler: 'functions/system/openapi.ts',
  assets: [CONTRACT_FILE],
  request: {},
  responses: { 200: { description: 'The OpenAPI document.', contentType: 'application/json' } },
});

export const getDocs = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/docs',
  summary: 'A page to read and try the API',
  tag: 'System',
  access: 'public',
  publicBecause: 'the Swagger UI page that renders that contract',
  handler: 'functions/system/docs-page.ts',
  request: {},
  responses: { 200: { description: 'Swagger UI.', contentType: 'text/html' } },
});

export const getDocsAsset = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/docs/{asset}',
  summary: 'Script and style of the docs page, served from the packaged Swagger UI',
  tag: 'System',
  access: 'public',
  publicBecause: 'the script and style of that page, from the packaged swagger-ui-dist',
  handler: 'functions/system/docs-asset.ts',
  assets: [...DOCS_ASSETS.keys()].map((name) => `node_modules/swagger-ui-dist/${name}`),
  request: { path: z.strictObject({ asset: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a file name') }) },
  responses: { 200: { description: 'The file.', contentType: [...new Set(DOCS_ASSETS.values())] } },
});
