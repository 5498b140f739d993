/** Routes of the table (lib/api/routes/index.ts): The evaluators’ figures and the de-identified export. */
import { defineRoute } from '../route';
import { ExportQuerySchema, OutcomesQuerySchema, OutcomesSchema } from '../schemas/outcomes';


export const getOutcomes = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/outcomes',
  summary: 'Reintegration outcomes for a cohort, aggregated, with small-cell suppression',
  description:
    'Read from projections kept by the table stream: a few queries whatever the number of visits. Counts ' +
    'below k and every figure derived from them are "suppressed", with complementary suppression in the ' +
    'breakdown by municipality.',
  tag: 'Outcomes',
  access: ['evaluator'],
  handler: 'functions/outcomes/get.ts',
  request: { query: OutcomesQuerySchema },
  responses: { 200: { description: 'The figures.', json: OutcomesSchema } },
});

export const exportOutcomes = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/outcomes/export',
  summary: 'De-identified export, one NDJSON line per child-visit and per referral, k-anonymous, with a trailer',
  description:
    'Each line: `row` (`visit` or `referral`), a pseudonym (HMAC of the child id with a server-side secret), cohort, ' +
    'age band at enrolment, sex, municipality (or `other`); a visit row adds months since enrolment, contact type ' +
    'and the level per domain; a referral row adds service, provider kind, the month requested (`2026-06`), whole ' +
    'days to delivery (null until delivered) and status. No names, no dates finer than a month, no notes, reasons ' +
    'or free text. Classes of (age band, sex, municipality, cohort) ' +
    'smaller than k (default 11) are generalised to municipality `other` or dropped; the last line says how many.',
  tag: 'Outcomes',
  access: ['evaluator'],
  handler: 'functions/outcomes/export.ts',
  uses: ['exportSecret'],
  request: { query: ExportQuerySchema },
  responses: { 200: { description: 'NDJSON.', contentType: 'application/x-ndjson' } },
});

export const getOutcomesReport = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/outcomes/report',
  summary: 'A self-contained HTML page of charts (SVG drawn on the server), with the same suppression',
  tag: 'Outcomes',
  access: ['evaluator'],
  handler: 'functions/outcomes/report.ts',
  request: { query: OutcomesQuerySchema },
  responses: { 200: { description: 'An HTML page with no script and nothing to fetch.', contentType: 'text/html; charset=utf-8' } },
});
