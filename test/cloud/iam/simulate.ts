import { runSimulation, type RequestAnalysis, type Simulation } from '@cloud-copilot/iam-simulate';
import type { IamRequest } from './calls';
import {
  functionPrincipalOf,
  identityPoliciesOf,
  listOf,
  permissionsBoundaryOf,
  resourcePoliciesOf,
  resourcePolicyFor,
  type FunctionPrincipal,
  type PolicyStatement,
} from './policies';
import type { CfnTemplate, DeploymentTarget } from './template';

/**
 * Evaluates the IAM requests a Lambda function made against what its template grants, offline, with
 * @cloud-copilot/iam-simulate (AGPL-3.0: a dev-only test tool, never bundled): the execution role's identity
 * policies, its permissions boundary and the resource policy of the resource (for KMS, the key policy, without
 * which IAM policies grant nothing on a key).
 */

export interface Decision {
  request: IamRequest;
  result: 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied' | 'Error';
  /** Why, for anything but Allowed: the denying statements, or that nothing allows it, or the simulator's error. */
  detail?: string;
  /**
   * Request context keys the simulator dropped because the service does not define them for this action and
   * resource: a condition on them is evaluated as if the key were absent.
   */
  ignoredContextKeys?: string[];
}

export interface SimulationOptions {
  /** aws:CurrentTime and aws:EpochTime of every request; now by default. */
  now?: Date;
}

/** One decision per request, in order. */
export async function simulateFunctionRequests(
  template: CfnTemplate,
  functionLogicalId: string,
  requests: readonly IamRequest[],
  target: DeploymentTarget,
  options: SimulationOptions = {},
): Promise<Decision[]> {
  const principal = functionPrincipalOf(template, functionLogicalId, target);
  const identityPolicies = identityPoliciesOf(template, principal.roleLogicalId, target).map(({ name, document }) => ({
    name,
    policy: document,
  }));
  const boundary = permissionsBoundaryOf(template, principal.roleLogicalId, target);
  const resourcePolicies = resourcePoliciesOf(template, target);
  const now = options.now ?? new Date();

  const decisions: Decision[] = [];
  for (const request of requests) {
    const resourcePolicy = request.resource === '*' ? undefined : resourcePolicyFor(resourcePolicies, request.resource);
    const simulation: Simulation = {
      request: {
        principal: principal.sessionArn,
        action: request.action,
        resource: { resource: request.resource, accountId: accountOf(request.resource) ?? target.accountId },
        contextVariables: { ...globalContextOf(principal, request, target, now), ...request.context },
      },
      identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy: resourcePolicy.document } : {}),
      ...(boundary ? { permissionBoundaryPolicies: [{ name: boundary.name, policy: boundary.document }] } : {}),
    };
    const response = await runSimulation(simulation, { simulationMode: 'Strict' });
    if (response.resultType === 'error') {
      decisions.push({ request, result: 'Error', detail: `iam-simulate rejected the simulation: ${JSON.stringify(response.errors)}` });
      continue;
    }
    const analyses = response.resultType === 'single' ? [response.result] : response.results;
    const ignoredContextKeys = [...new Set(analyses.flatMap((result) => result.ignoredContextKeys ?? []))];
    const result = response.overallResult;
    const detail =
      result === 'Allowed'
        ? undefined
        : explainDenial(
            result,
            analyses.map((item) => item.analysis),
            request,
            resourcePolicy?.name,
          );
    decisions.push({ request, result, ...(detail ? { detail } : {}), ...(ignoredContextKeys.length ? { ignoredContextKeys } : {}) });
  }
  return decisions;
}

/**
 * The global condition keys AWS sets on a request signed with a Lambda function's role credentials. A KMS
 * request the caller's call implies (kms:ViaService set) is made by that service on the caller's behalf.
 */
function globalContextOf(principal: FunctionPrincipal, request: IamRequest, target: DeploymentTarget, now: Date): IamRequest['context'] {
  const viaService = 'kms:ViaService' in request.context;
  return {
    'aws:PrincipalArn': principal.roleArn,
    'aws:PrincipalAccount': target.accountId,
    'aws:PrincipalType': 'AssumedRole',
    'aws:PrincipalIsAWSService': 'false',
    'aws:userid': `${principal.roleId}:${principal.functionName}`,
    'lambda:SourceFunctionArn': principal.functionArn,
    'aws:SecureTransport': 'true',
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:TokenIssueTime': now.toISOString(),
    'aws:RequestedRegion': target.region,
    'aws:ViaAWSService': String(viaService),
    ...(request.resource === '*' ? {} : { 'aws:ResourceAccount': accountOf(request.resource) ?? target.accountId }),
  };
}

/** The account field of an ARN; undefined when empty (S3) or not an ARN. */
const accountOf = (resource: string): string | undefined => resource.split(':')[4] || undefined;

/** How denials and unused permissions name a statement. */
const statementId = (policyName: string, sid: string | undefined, oneBasedIndex: number): string =>
  sid ? `${policyName} ${sid}` : `${policyName}#${oneBasedIndex}`;

function explainDenial(result: string, analyses: RequestAnalysis[], request: IamRequest, resourcePolicyName: string | undefined): string {
  const denials = analyses.flatMap((analysis) =>
    [
      { part: analysis.identityAnalysis, policy: undefined },
      { part: analysis.permissionBoundaryAnalysis, policy: undefined },
      // iam-simulate names identity policies by the name given, the resource policy not at all.
      { part: analysis.resourceAnalysis, policy: resourcePolicyName },
    ].flatMap(
      ({ part, policy }) =>
        part?.denyStatements.map((denial) => statementId(policy ?? denial.policyId, denial.statement.sid(), denial.statement.index())) ??
        [],
    ),
  );
  if (result === 'ExplicitlyDenied' && denials.length) return `denied by ${[...new Set(denials)].join(', ')}`;
  const what = `${request.action} on ${request.resource} with ${JSON.stringify(request.context)}`;
  if (request.action.startsWith('kms:') && !resourcePolicyName) {
    return `${what}: the key is not in the template, so there is no key policy to trust the role's policies`;
  }
  return `no statement of the role's policies${resourcePolicyName ? ` or of ${resourcePolicyName}` : ''} allows ${what}`;
}

// ---- Granted but never exercised ----------------------------------------------------------------------

export interface UnusedPermission {
  /** `<policy> <Sid>`, or `<policy>#<n>` counting from 1 (as iam-simulate does) when it has no Sid. */
  statement: string;
  action: string;
  resource: string;
}

/**
 * Each (action pattern × resource pattern) of an Allow statement of the function role's identity policies that no
 * request matches. Matching is by pattern only (`*` and `?` wildcards; actions case-insensitive, resources not):
 * conditions are not evaluated, so a grant whose condition refused every request still counts as used.
 * Deny statements grant nothing and are skipped. NotAction / NotResource statements are listed as one pair.
 */
export function unusedPermissions(
  template: CfnTemplate,
  functionLogicalId: string,
  requests: readonly IamRequest[],
  target: DeploymentTarget,
): UnusedPermission[] {
  const { roleLogicalId } = functionPrincipalOf(template, functionLogicalId, target);
  const unused: UnusedPermission[] = [];
  for (const policy of identityPoliciesOf(template, roleLogicalId, target)) {
    for (const [index, statement] of policy.document.Statement.entries()) {
      if (statement.Effect !== 'Allow') continue;
      const id = statementId(policy.name, statement.Sid, index + 1);
      for (const action of actionPatternsOf(statement)) {
        for (const resource of resourcePatternsOf(statement)) {
          if (!requests.some((request) => action.matches(request.action) && resource.matches(request.resource))) {
            unused.push({ statement: id, action: action.label, resource: resource.label });
          }
        }
      }
    }
  }
  return unused;
}

interface Pattern {
  label: string;
  matches(value: string): boolean;
}

function actionPatternsOf(statement: PolicyStatement): Pattern[] {
  if (statement.NotAction !== undefined) {
    const excluded = listOf(statement.NotAction);
    return [
      { label: `NotAction ${excluded.join(',')}`, matches: (action) => !excluded.some((pattern) => wildcardMatch(pattern, action, true)) },
    ];
  }
  return listOf(statement.Action).map((pattern) => ({ label: pattern, matches: (action) => wildcardMatch(pattern, action, true) }));
}

function resourcePatternsOf(statement: PolicyStatement): Pattern[] {
  if (statement.NotResource !== undefined) {
    const excluded = listOf(statement.NotResource);
    return [
      {
        label: `NotResource ${excluded.join(',')}`,
        matches: (resource) => !excluded.some((pattern) => wildcardMatch(pattern, resource, false)),
      },
    ];
  }
  return listOf(statement.Resource).map((pattern) => ({ label: pattern, matches: (resource) => wildcardMatch(pattern, resource, false) }));
}

/** IAM's `*` (any run of characters) and `?` (one character); a request on `*` matches only the pattern `*`. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (value === '*') return pattern === '*';
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}
