import * as z from 'zod';
import { DEFAULT_POLICY, type FollowUpPolicy } from './domain/schedule';
import { DEFAULT_EXPORT_K } from './domain/deidentified-export';
import { MIN_K, type DisclosureRules } from './domain/disclosure/cell-key';
import { DEFAULT_MAX_NOISE, MAX_NOISE_VALUES, PERTURBATION_TABLES, type MaxNoise } from './domain/disclosure/perturbation-table';
import { DEFAULT_ESCALATION_DAYS } from './domain/sweep';

/**
 * Configuration comes in sections, one per thing a function can be given (infra/constructs/product-function.ts
 * binds each with its grants). A function reads only the sections it uses, and every variable of a section is
 * required: a default here would hide a variable the stack forgot to give a function. The defaults live in one
 * place, PROGRAMME_DEFAULTS, which both the stack and the local runtime hand over explicitly.
 */

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const positiveInt = z.coerce.number().int().positive();

function parseSection<S extends z.ZodType>(section: string, schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid ${section} configuration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const tableSchema = z.object({
  TABLE_NAME: z.string().min(1),
  /** Set by the local runtime and tests to reach DynamoDB Local; absent in the cloud. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Lambda sets it; elsewhere the SDK's own lookup applies. */
  AWS_REGION: z.string().min(1).optional(),
});

export interface TableConfig {
  tableName: string;
  dynamodbEndpoint: string | undefined;
  region: string | undefined;
}

export function tableConfig(env: NodeJS.ProcessEnv): TableConfig {
  const e = parseSection('table', tableSchema, env);
  return { tableName: e.TABLE_NAME, dynamodbEndpoint: e.DYNAMODB_ENDPOINT, region: e.AWS_REGION };
}

/** The programme's rules that functions apply: what "today" is, grace, escalation, disclosure thresholds. */
const programmeSchema = z.object({
  /** The programme's time zone decides what "today" is for due dates and visits. */
  PROGRAMME_TIME_ZONE: z.string().refine(isTimeZone, 'not an IANA time zone'),
  GRACE_DAYS: positiveInt.max(90),
  /** Days a flag may stay open, not acknowledged, before the sweep escalates it. */
  ESCALATION_DAYS: positiveInt.max(90),
  /** Smallest count outcomes show; smaller ones are suppressed (DESIGN.md: default 5, never below 3). */
  OUTCOMES_K: positiveInt.min(MIN_K).max(100),
  /** D of the cell-key method: no count evaluators see is more than this away from the truth (docs/disclosure-control.md). */
  OUTCOMES_MAX_NOISE: z.coerce.number().int().min(MAX_NOISE_VALUES[0]).max(MAX_NOISE_VALUES.at(-1)!),
  /** Months a domain's level counts in the outcome figures after it was assessed; older is not_recently_assessed. */
  OUTCOMES_FRESH_MONTHS: positiveInt.max(36),
  /** k of the export's k-anonymity on (age band, sex, municipality, cohort). */
  EXPORT_K: positiveInt.min(MIN_K).max(1000),
  /** How long break-the-glass access lasts (DESIGN: a limited time; default 3 hours). */
  EMERGENCY_ACCESS_HOURS: positiveInt.max(24),
  /** Largest page a list route returns, whatever `limit` asks for. */
  MAX_PAGE_SIZE: positiveInt.max(1000),
});

export type ProgrammeVariable = keyof z.input<typeof programmeSchema>;

/** The one place the programme's defaults are written (README: Configuration). */
export const PROGRAMME_DEFAULTS: Readonly<Record<ProgrammeVariable, string>> = {
  PROGRAMME_TIME_ZONE: 'Europe/Belgrade',
  GRACE_DAYS: String(DEFAULT_POLICY.graceDays),
  ESCALATION_DAYS: String(DEFAULT_ESCALATION_DAYS),
  OUTCOMES_K: '5',
  OUTCOMES_MAX_NOISE: String(DEFAULT_MAX_NOISE),
  OUTCOMES_FRESH_MONTHS: '6',
  EXPORT_K: String(DEFAULT_EXPORT_K),
  EMERGENCY_ACCESS_HOURS: '3',
  MAX_PAGE_SIZE: '100',
};

const exportSecretSchema = z.object({
  /** The secret the export's pseudonyms are keyed with; the same secret gives the same pseudonyms. */
  EXPORT_PSEUDONYM_SECRET: z.string().min(32).optional(),
  /** In the cloud: the Secrets Manager secret holding it, read at run time so it is never in the environment. */
  EXPORT_PSEUDONYM_SECRET_ARN: z.string().startsWith('arn:').optional(),
});

export interface Config {
  timeZone: string;
  policy: FollowUpPolicy;
  maxPageSize: number;
  escalationDays: number;
  /** How counts are released to evaluators: k and the perturbation table of D. */
  disclosure: DisclosureRules;
  /** How long a level counts in the outcome figures (`OUTCOMES_FRESH_MONTHS`). */
  freshMonths: number;
  exportK: number;
  emergencyAccessHours: number;
  /** Only the export's function is given it (lib/api/routes/: `uses`). */
  exportSecret: { value: string } | { arn: string } | undefined;
}

/** What the outcome projector reads: what "today" is, and how long a level counts in the figures. */
export type ProjectorConfig = Pick<Config, 'timeZone' | 'freshMonths'>;

/** What the nightly sweep reads: the projector's, and the grace and escalation it applies to due checkpoints and open flags. */
export type SweepConfig = ProjectorConfig & Pick<Config, 'policy' | 'escalationDays'>;

type ProgrammeOf<K extends ProgrammeVariable> = Pick<z.output<typeof programmeSchema>, K>;

const projectorOf = (e: ProgrammeOf<'PROGRAMME_TIME_ZONE' | 'OUTCOMES_FRESH_MONTHS'>): ProjectorConfig => ({
  timeZone: e.PROGRAMME_TIME_ZONE,
  freshMonths: e.OUTCOMES_FRESH_MONTHS,
});

const sweepOf = (e: ProgrammeOf<'PROGRAMME_TIME_ZONE' | 'OUTCOMES_FRESH_MONTHS' | 'GRACE_DAYS' | 'ESCALATION_DAYS'>): SweepConfig => ({
  ...projectorOf(e),
  policy: { ...DEFAULT_POLICY, graceDays: e.GRACE_DAYS },
  escalationDays: e.ESCALATION_DAYS,
});

/** The projector's section of the programme: the variables it does not read are neither required nor parsed (issue 19). */
export function projectorConfig(env: NodeJS.ProcessEnv): ProjectorConfig {
  return projectorOf(parseSection('programme', programmeSchema.pick({ PROGRAMME_TIME_ZONE: true, OUTCOMES_FRESH_MONTHS: true }), env));
}

/** The sweep's section of the programme. */
export function sweepConfig(env: NodeJS.ProcessEnv): SweepConfig {
  const schema = programmeSchema.pick({ PROGRAMME_TIME_ZONE: true, OUTCOMES_FRESH_MONTHS: true, GRACE_DAYS: true, ESCALATION_DAYS: true });
  return sweepOf(parseSection('programme', schema, env));
}

/** The whole programme, and the export's secret where the function is given it: what the routes read. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const e = parseSection('programme', programmeSchema, env);
  const secret = parseSection('export secret', exportSecretSchema, env);
  return {
    ...sweepOf(e),
    maxPageSize: e.MAX_PAGE_SIZE,
    disclosure: { k: e.OUTCOMES_K, table: PERTURBATION_TABLES[e.OUTCOMES_MAX_NOISE as MaxNoise] },
    exportK: e.EXPORT_K,
    emergencyAccessHours: e.EMERGENCY_ACCESS_HOURS,
    exportSecret: secret.EXPORT_PSEUDONYM_SECRET
      ? { value: secret.EXPORT_PSEUDONYM_SECRET }
      : secret.EXPORT_PSEUDONYM_SECRET_ARN
        ? { arn: secret.EXPORT_PSEUDONYM_SECRET_ARN }
        : undefined,
  };
}

const authSchema = z.object({
  /** Expected `iss` of bearer tokens (Cognito: https://cognito-idp.<region>.amazonaws.com/<userPoolId>). */
  AUTH_ISSUER: z.string().min(1),
  /** Expected `aud` of bearer tokens (Cognito: the app client id). */
  AUTH_AUDIENCE: z.string().min(1),
});

export interface AuthConfig {
  issuer: string;
  audience: string;
}

/** The local runtime's issuer and audience, and the defaults of AUTH_ISSUER and AUTH_AUDIENCE there. */
export const LOCAL_AUTH: AuthConfig = { issuer: 'reintegration-local', audience: 'reintegration-api' };

export function authConfig(env: NodeJS.ProcessEnv): AuthConfig {
  const e = parseSection('auth', authSchema, env);
  return { issuer: e.AUTH_ISSUER, audience: e.AUTH_AUDIENCE };
}

/** Where the token signing keys are published (the user pool's JWKS); the local runtime hands its keys over directly. */
export function jwksUrl(env: NodeJS.ProcessEnv): string {
  return parseSection('auth', z.object({ AUTH_JWKS_URL: z.url() }), env).AUTH_JWKS_URL;
}

/** The user pool the directory reads, for the routes that declare they use it (lib/api/routes/ `uses`). */
export function userPoolId(env: NodeJS.ProcessEnv): string | undefined {
  return parseSection('directory', z.object({ USER_POOL_ID: z.string().min(1).optional() }), env).USER_POOL_ID;
}

/** Where flag events go in the cloud. */
export function eventBusName(env: NodeJS.ProcessEnv): string {
  return parseSection('event bus', z.object({ EVENT_BUS_NAME: z.string().min(1) }), env).EVENT_BUS_NAME;
}
