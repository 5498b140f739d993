import * as z from 'zod';
import { DEFAULT_POLICY, type FollowUpPolicy } from './domain/schedule';
import { DEFAULT_EXPORT_K } from './domain/deidentified-export';
import { MIN_K } from './domain/outcomes';
import { DEFAULT_ESCALATION_DAYS } from './domain/sweep';

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z.object({
  TABLE_NAME: z.string().min(1).default('reintegration-records'),
  /** Set by the local runtime and tests to reach DynamoDB Local; absent in the cloud. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  /** Expected `iss` of bearer tokens (Cognito: https://cognito-idp.<region>.amazonaws.com/<userPoolId>). */
  AUTH_ISSUER: z.string().min(1).default('reintegration-local'),
  /** Expected `aud` of bearer tokens (Cognito: the app client id). */
  AUTH_AUDIENCE: z.string().min(1).default('reintegration-api'),
  /** Where the token signing keys are published; the local runtime supplies its keys directly instead. */
  AUTH_JWKS_URL: z.url().optional(),
  /** The programme's time zone decides what "today" is for due dates and visits. */
  PROGRAMME_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'not an IANA time zone')
    .default('Europe/Belgrade'),
  GRACE_DAYS: positiveInt.max(90).default(DEFAULT_POLICY.graceDays),
  /** Days a flag may stay open, not acknowledged, before the sweep escalates it. */
  ESCALATION_DAYS: positiveInt.max(90).default(DEFAULT_ESCALATION_DAYS),
  /** Smallest count outcomes show; smaller ones are suppressed (DESIGN.md: default 5, never below 3). */
  OUTCOMES_K: positiveInt.min(MIN_K).max(100).default(5),
  /** k of the export's k-anonymity on (age band, sex, municipality, cohort). */
  EXPORT_K: positiveInt.min(MIN_K).max(1000).default(DEFAULT_EXPORT_K),
  /** The secret the export's pseudonyms are keyed with; the same secret gives the same pseudonyms. */
  EXPORT_PSEUDONYM_SECRET: z.string().min(32).optional(),
  /** In the cloud: the Secrets Manager secret holding it, read at run time so it is never in the environment. */
  EXPORT_PSEUDONYM_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** How long break-the-glass access lasts (DESIGN: a limited time; default 3 hours). */
  EMERGENCY_ACCESS_HOURS: positiveInt.max(24).default(3),
  /** Largest page a list route returns, whatever `limit` asks for. */
  MAX_PAGE_SIZE: positiveInt.max(1000).default(100),
});

export interface Config {
  tableName: string;
  dynamodbEndpoint: string | undefined;
  region: string;
  auth: { issuer: string; audience: string; jwksUrl: string | undefined };
  timeZone: string;
  policy: FollowUpPolicy;
  maxPageSize: number;
  escalationDays: number;
  outcomesK: number;
  exportK: number;
  emergencyAccessHours: number;
  exportSecret: { value: string } | { arn: string } | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${z.prettifyError(parsed.error)}`);
  }
  const e = parsed.data;
  return {
    tableName: e.TABLE_NAME,
    dynamodbEndpoint: e.DYNAMODB_ENDPOINT,
    region: e.AWS_REGION,
    auth: { issuer: e.AUTH_ISSUER, audience: e.AUTH_AUDIENCE, jwksUrl: e.AUTH_JWKS_URL },
    timeZone: e.PROGRAMME_TIME_ZONE,
    policy: { ...DEFAULT_POLICY, graceDays: e.GRACE_DAYS },
    maxPageSize: e.MAX_PAGE_SIZE,
    escalationDays: e.ESCALATION_DAYS,
    outcomesK: e.OUTCOMES_K,
    exportK: e.EXPORT_K,
    emergencyAccessHours: e.EMERGENCY_ACCESS_HOURS,
    exportSecret: e.EXPORT_PSEUDONYM_SECRET
      ? { value: e.EXPORT_PSEUDONYM_SECRET }
      : e.EXPORT_PSEUDONYM_SECRET_ARN
        ? { arn: e.EXPORT_PSEUDONYM_SECRET_ARN }
        : undefined,
  };
}
