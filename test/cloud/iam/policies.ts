import { arnOf, physicalNameOf, resolve, resolveString } from './intrinsics';
import { logicalIdsOfType, resourceOf, type CfnTemplate, type DeploymentTarget, type Json } from './template';

/**
 * The IAM policies of a template, intrinsics resolved: the identity policies of a Lambda function's execution
 * role, and the resource policies (KMS key policies, queue, topic, bus, secret and table policies) by the ARN
 * they govern.
 */

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: Json;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[];
}

export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

/** Who a function's calls are made as: a session of its execution role named after the function. */
export interface FunctionPrincipal {
  functionName: string;
  functionArn: string;
  roleLogicalId: string;
  roleName: string;
  roleArn: string;
  /** RoleId, the first half of the session's aws:userid. */
  roleId: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<function>`, what Lambda's credentials sign as. */
  sessionArn: string;
}

export function functionPrincipalOf(template: CfnTemplate, functionLogicalId: string, target: DeploymentTarget): FunctionPrincipal {
  const fn = resourceOf(template, functionLogicalId, 'AWS::Lambda::Function');
  const roleArn = resolveString(fn.Properties?.Role, template, target, `$.Resources.${functionLogicalId}.Properties.Role`);
  const roleLogicalId = logicalIdsOfType(template, 'AWS::IAM::Role').find((logicalId) => arnOf(logicalId, template, target) === roleArn);
  if (!roleLogicalId) throw new Error(`The role of ${functionLogicalId} (${roleArn}) is not in the template: its policies are unknown`);
  const roleName = physicalNameOf(roleLogicalId, template, target);
  const functionName = physicalNameOf(functionLogicalId, template, target);
  return {
    functionName,
    functionArn: arnOf(functionLogicalId, template, target),
    roleLogicalId,
    roleName,
    roleArn,
    roleId: resolveString({ 'Fn::GetAtt': [roleLogicalId, 'RoleId'] }, template, target),
    sessionArn: `arn:${target.partition}:sts::${target.accountId}:assumed-role/${roleName}/${functionName}`,
  };
}

/**
 * The identity policies of a role: its inline `Policies`, the AWS::IAM::Policy and AWS::IAM::RolePolicy
 * resources attached to it, and the customer managed policies attached by `ManagedPolicyArns` or by the
 * policy's `Roles`. An AWS managed policy is not in the template, so its statements are unknown: it throws.
 */
export function identityPoliciesOf(template: CfnTemplate, roleLogicalId: string, target: DeploymentTarget): NamedPolicy[] {
  const role = resourceOf(template, roleLogicalId, 'AWS::IAM::Role');
  const roleName = physicalNameOf(roleLogicalId, template, target);
  const at = (logicalId: string, property: string): string => `$.Resources.${logicalId}.Properties.${property}`;
  const value = (logicalId: string, property: string): Json =>
    resolve(template.Resources[logicalId]?.Properties?.[property] ?? null, template, target, at(logicalId, property));
  const names = (logicalId: string, property: string): string[] => {
    const resolved = value(logicalId, property);
    return Array.isArray(resolved) ? resolved.filter((item): item is string => typeof item === 'string') : [];
  };

  const policies: NamedPolicy[] = [];
  const inline = resolve(role.Properties?.Policies ?? [], template, target, at(roleLogicalId, 'Policies'));
  for (const [index, policy] of (Array.isArray(inline) ? inline : []).entries()) {
    const { PolicyName, PolicyDocument } = policy as { PolicyName?: string; PolicyDocument?: Json };
    policies.push({
      name: PolicyName ?? `${roleLogicalId}.Policies[${index}]`,
      document: policyDocumentOf(PolicyDocument, `${roleLogicalId}.Policies[${index}]`),
    });
  }
  for (const logicalId of logicalIdsOfType(template, 'AWS::IAM::Policy')) {
    if (names(logicalId, 'Roles').includes(roleName)) {
      policies.push({ name: logicalId, document: policyDocumentOf(value(logicalId, 'PolicyDocument'), logicalId) });
    }
  }
  for (const logicalId of logicalIdsOfType(template, 'AWS::IAM::RolePolicy')) {
    if (value(logicalId, 'RoleName') === roleName) {
      policies.push({ name: logicalId, document: policyDocumentOf(value(logicalId, 'PolicyDocument'), logicalId) });
    }
  }
  const attachedArns = new Set(names(roleLogicalId, 'ManagedPolicyArns'));
  for (const logicalId of logicalIdsOfType(template, 'AWS::IAM::ManagedPolicy')) {
    const policyArn = arnOf(logicalId, template, target);
    if (attachedArns.delete(policyArn) || names(logicalId, 'Roles').includes(roleName)) {
      policies.push({ name: logicalId, document: policyDocumentOf(value(logicalId, 'PolicyDocument'), logicalId) });
    }
  }
  if (attachedArns.size > 0) {
    throw new Error(
      `${roleLogicalId} has managed policies outside the template, whose statements are unknown: ${[...attachedArns].join(', ')}`,
    );
  }
  return policies;
}

/** The permissions boundary of a role, if it has one; it must be a managed policy of the template. */
export function permissionsBoundaryOf(template: CfnTemplate, roleLogicalId: string, target: DeploymentTarget): NamedPolicy | undefined {
  const boundary = resourceOf(template, roleLogicalId).Properties?.PermissionsBoundary;
  if (boundary === undefined) return undefined;
  const boundaryArn = resolveString(boundary, template, target, `$.Resources.${roleLogicalId}.Properties.PermissionsBoundary`);
  const logicalId = logicalIdsOfType(template, 'AWS::IAM::ManagedPolicy').find((id) => arnOf(id, template, target) === boundaryArn);
  if (!logicalId) throw new Error(`The permissions boundary ${boundaryArn} of ${roleLogicalId} is not in the template`);
  const document = resolve(resourceOf(template, logicalId).Properties?.PolicyDocument, template, target);
  return { name: logicalId, document: policyDocumentOf(document, logicalId) };
}

/**
 * The resource policy governing each ARN: key policies, queue, topic and event bus policies, secret resource
 * policies and DynamoDB table and stream resource policies. Several policy resources for one ARN are merged.
 */
export function resourcePoliciesOf(template: CfnTemplate, target: DeploymentTarget): Map<string, NamedPolicy> {
  const policies = new Map<string, NamedPolicy>();
  const add = (resourceArn: string, name: string, document: Json, what: string): void => {
    const statements = policyDocumentOf(document, what).Statement;
    const existing = policies.get(resourceArn);
    if (existing) existing.document.Statement.push(...statements);
    else policies.set(resourceArn, { name, document: { Version: '2012-10-17', Statement: [...statements] } });
  };
  const property = (logicalId: string, path: string): Json => {
    const value = path
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], template.Resources[logicalId]?.Properties);
    return value === undefined ? null : resolve(value, template, target, `$.Resources.${logicalId}.Properties.${path}`);
  };
  const list = (value: Json): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  /** Resources of a type, by what their Ref resolves to (a queue's URL, a bus's name), mapped to their ARN. */
  const arnsByRef = (type: string): Map<string, string> =>
    new Map(logicalIdsOfType(template, type).map((id) => [resolveString({ Ref: id }, template, target), arnOf(id, template, target)]));

  for (const id of logicalIdsOfType(template, 'AWS::KMS::Key')) {
    add(arnOf(id, template, target), id, property(id, 'KeyPolicy'), id);
  }
  const queues = arnsByRef('AWS::SQS::Queue');
  for (const id of logicalIdsOfType(template, 'AWS::SQS::QueuePolicy')) {
    for (const url of list(property(id, 'Queues'))) add(queues.get(url) ?? url, id, property(id, 'PolicyDocument'), id);
  }
  for (const id of logicalIdsOfType(template, 'AWS::SNS::TopicPolicy')) {
    for (const topicArn of list(property(id, 'Topics'))) add(topicArn, id, property(id, 'PolicyDocument'), id);
  }
  const buses = arnsByRef('AWS::Events::EventBus');
  for (const id of logicalIdsOfType(template, 'AWS::Events::EventBusPolicy')) {
    const bus = property(id, 'EventBusName');
    const busArn =
      typeof bus === 'string'
        ? (buses.get(bus) ?? bus)
        : `arn:${target.partition}:events:${target.region}:${target.accountId}:event-bus/default`;
    // The `Statement` form; the legacy Action/Principal/StatementId form is not used by the CDK.
    add(busArn, id, { Version: '2012-10-17', Statement: [property(id, 'Statement')] }, id);
  }
  for (const id of logicalIdsOfType(template, 'AWS::SecretsManager::ResourcePolicy')) {
    const secretArn = property(id, 'SecretId');
    if (typeof secretArn === 'string') add(secretArn, id, property(id, 'ResourcePolicy'), id);
  }
  for (const id of logicalIdsOfType(template, 'AWS::DynamoDB::Table')) {
    const tablePolicy = property(id, 'ResourcePolicy.PolicyDocument');
    if (tablePolicy !== null) add(arnOf(id, template, target), id, tablePolicy, id);
    const streamPolicy = property(id, 'StreamSpecification.ResourcePolicy.PolicyDocument');
    if (streamPolicy !== null) add(resolveString({ 'Fn::GetAtt': [id, 'StreamArn'] }, template, target), id, streamPolicy, id);
  }
  return policies;
}

/** The resource policy that governs `resourceArn`: a table's policy also governs its indexes. */
export function resourcePolicyFor(policies: Map<string, NamedPolicy>, resourceArn: string): NamedPolicy | undefined {
  return policies.get(resourceArn) ?? policies.get(resourceArn.replace(/(:table\/[^/]+)\/index\/.+$/, '$1'));
}

/** A resolved policy document with its statements as a list (a single statement object is allowed). */
export function policyDocumentOf(value: Json | undefined, what: string): PolicyDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} has no policy document`);
  const statement = value.Statement;
  const statements = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  for (const [index, item] of statements.entries()) {
    const effect = typeof item === 'object' && item !== null && !Array.isArray(item) ? item.Effect : undefined;
    if (effect !== 'Allow' && effect !== 'Deny') throw new Error(`${what} Statement[${index}] has no Effect`);
  }
  return {
    ...(typeof value.Version === 'string' ? { Version: value.Version } : {}),
    Statement: statements as unknown as PolicyStatement[],
  };
}

/** A statement's Action/Resource/... as a list. */
export const listOf = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat());
