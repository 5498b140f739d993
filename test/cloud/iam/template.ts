/**
 * The shapes of a synthesized CloudFormation template this checker reads, and where it is deployed. Only
 * CloudFormation's own shapes: nothing here knows how the CDK app builds its constructs.
 */

/** A JSON value, as a template holds it and as intrinsics resolve to. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Parameters?: Record<string, { Type: string; Default?: unknown }>;
  Metadata?: Record<string, unknown>;
}

/** The account and region calls are made in. */
export interface AwsTarget {
  partition: string;
  region: string;
  accountId: string;
}

/** Where the template is deployed: the stack name decides the physical names CloudFormation generates. */
export interface DeploymentTarget extends AwsTarget {
  stackName: string;
}

/** The resource with that logical id; throws when the template has none, naming what was looked for. */
export function resourceOf(template: CfnTemplate, logicalId: string, expectedType?: string): CfnResource {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`The template has no resource ${logicalId}`);
  if (expectedType && resource.Type !== expectedType) {
    throw new Error(`${logicalId} is a ${resource.Type}, not a ${expectedType}`);
  }
  return resource;
}

/** Logical ids of the resources of one type, in template order. */
export function logicalIdsOfType(template: CfnTemplate, type: string): string[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId]) => logicalId);
}

/** A copy the test may mutate (remove a grant, say) without touching the shared template. */
export function copyOf(template: CfnTemplate): CfnTemplate {
  return structuredClone(template);
}
