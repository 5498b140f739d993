import * as z from 'zod';
import { MunicipalityIdSchema } from '../../auth/principal';
import { pageOf, textSchema } from './common';

export const MunicipalityPathSchema = /* @__PURE__ */ z.strictObject({
  municipalityId: MunicipalityIdSchema.meta({ description: 'The municipality’s code, as flags, officers’ tokens and outcomes name it.', example: 'skopje' }),
});

export const PutMunicipalitySchema = /* @__PURE__ */ z
  .strictObject({ name: textSchema(100).meta({ description: 'The name people read.', example: 'Skopje' }) })
  .meta({ id: 'PutMunicipality' });

export const MunicipalitySchema = /* @__PURE__ */ z
  .object({ municipalityId: MunicipalityIdSchema, name: z.string() })
  .meta({ id: 'Municipality', description: 'A municipality of the programme: a child can be enrolled in, or moved to, only one of these.' });

export const MunicipalitiesSchema = /* @__PURE__ */ pageOf(MunicipalitySchema).meta({ id: 'Municipalities' });
