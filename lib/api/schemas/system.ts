import * as z from 'zod';

export const HealthSchema = /* @__PURE__ */ z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
