/** Routes of the table (lib/api/routes/index.ts): Reference data: the municipalities of the programme. */
import { ROLES } from '../../auth/principal';
import { defineRoute } from '../route';
import { PageQuerySchema } from '../schemas/common';
import { MunicipalitiesSchema, MunicipalityPathSchema, MunicipalitySchema, PutMunicipalitySchema } from '../schemas/municipalities';


export const putMunicipality = /* @__PURE__ */ defineRoute({
  method: 'PUT',
  path: '/municipalities/{municipalityId}',
  summary: 'Add a municipality, or rename one',
  description:
    'Reference data kept by the admin: enrolment and transfer accept only a municipality listed here. Idempotent: ' +
    '201 when it is new, 200 when it existed (its name is now the one sent).',
  tag: 'Reference data',
  access: ['admin'],
  handler: 'functions/municipalities/put.ts',
  request: { path: MunicipalityPathSchema, body: PutMunicipalitySchema },
  responses: {
    201: { description: 'The municipality, new.', json: MunicipalitySchema },
    200: { description: 'The municipality, which existed.', json: MunicipalitySchema },
  },
});

export const listMunicipalities = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/municipalities',
  summary: 'The municipalities of the programme, by id',
  tag: 'Reference data',
  access: ROLES,
  handler: 'functions/municipalities/list.ts',
  request: { query: PageQuerySchema },
  responses: { 200: { description: 'One page of municipalities.', json: MunicipalitiesSchema } },
});
