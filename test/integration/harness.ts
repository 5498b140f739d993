import { randomUUID } from 'node:crypto';
import type { Principal } from '../../lib/auth/principal';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, for malformed-JSON cases. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestApi {
  url: string;
  tableName: string;
  /** The runtime behind the API: its dependencies (the table's client, the clock), its issuer and stream pollers. */
  runtime: LocalRuntime;
  request<T = Record<string, unknown>>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  tokenFor(principal: Principal): Promise<string>;
  setClock(now: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Every municipality the integration tests enrol a child in or move one to (the `enrolment()` default is skopje):
 * reference data an admin keeps, put by `startApi` through the API before any test runs, as an admin would.
 */
export const MUNICIPALITIES: Readonly<Record<string, string>> = { skopje: 'Skopje', bitola: 'Bitola', ohrid: 'Ohrid', kumanovo: 'Kumanovo' };

export const admin = (sub = 'admin-1'): Principal => ({ role: 'admin', sub });

/**
 * The local runtime on the suite's DynamoDB Local, with a table of its own so test files never meet, and with the
 * municipalities of MUNICIPALITIES (a restart on the same table puts them again: 200, nothing changes).
 */
export async function startApi(overrides: Partial<LocalRuntimeOptions> = {}): Promise<TestApi> {
  const endpoint = overrides.dynamodbEndpoint ?? process.env.TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('TEST_DYNAMODB_ENDPOINT is not set: run through the integration project');
  const tableName = `records-${randomUUID()}`;
  const server = await startLocalRuntime({
    dynamodbEndpoint: endpoint,
    port: 0,
    env: { ...process.env, TABLE_NAME: tableName },
    ...overrides,
  });

  const request: TestApi['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: (/^application\/(problem\+)?json/.test(type) && text ? JSON.parse(text) : text) as never,
    };
  };

  const api: TestApi = {
    url: server.url,
    tableName,
    runtime: server,
    request,
    async tokenFor(principal) {
      const { role, sub } = principal;
      const claims = {
        sub,
        role,
        ...('organisationId' in principal ? { organisationId: principal.organisationId } : {}),
        ...('municipalityIds' in principal ? { municipalityIds: principal.municipalityIds } : {}),
      };
      const response = await request<{ token: string }>('POST', '/local/tokens', { body: claims });
      if (response.status !== 201) throw new Error(`token: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.token;
    },
    async setClock(now) {
      const response = await request('PUT', '/local/clock', { body: { now } });
      if (response.status !== 200) throw new Error(`clock: ${response.status}`);
    },
    close: () => server.close(),
  };
  try {
    const token = await api.tokenFor(admin());
    for (const [municipalityId, name] of Object.entries(MUNICIPALITIES)) {
      const response = await request('PUT', `/municipalities/${municipalityId}`, { token, body: { name } });
      if (response.status !== 201 && response.status !== 200) throw new Error(`municipality ${municipalityId}: ${response.status} ${JSON.stringify(response.body)}`);
    }
  } catch (error) {
    await server.close();
    throw error;
  }
  return api;
}

export const worker = (sub = 'worker-1', organisationId = 'org-1'): Principal => ({ role: 'social_worker', sub, organisationId });
export const supervisor = (sub = 'supervisor-1', organisationId = 'org-1'): Principal => ({ role: 'supervisor', sub, organisationId });

let caseCounter = 0;

/** A valid enrolment body; each call gets a new case code. */
export function enrolment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  caseCounter += 1;
  return {
    caseCode: `TC-${process.pid}-${caseCounter}`,
    givenName: 'Ana',
    familyName: 'Petrova',
    birthDate: '2012-05-01',
    sex: 'female',
    municipalityId: 'skopje',
    riskLevel: 'medium',
    enrolledOn: '2026-01-31',
    baseline: { education: 'at_risk', housing: 'stable', health: 'stable', vocational_training: 'critical' },
    ...overrides,
  };
}
