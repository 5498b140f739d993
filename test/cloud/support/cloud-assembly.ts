import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CloudAssembly as AssemblyManifest, type SynthesisMessage } from 'aws-cdk-lib/cx-api';
import { arnOf, physicalNameOf, resolve, resolveString } from '../iam/intrinsics';
import { logicalIdsOfType, type CfnTemplate, type DeploymentTarget } from '../iam/template';
import type { DeployedFunction } from './lambda-container';

/** Where the cloud tier pretends the stack is deployed. */
export const TARGET: DeploymentTarget = { partition: 'aws', region: 'eu-central-1', accountId: '111122223333', stackName: 'Reintegration' };

interface FunctionResource {
  Type: 'AWS::Lambda::Function';
  Properties: {
    Description?: string;
    Handler: string;
    Timeout?: number;
    MemorySize?: number;
    Environment?: { Variables?: Record<string, unknown> };
  };
  Metadata?: { 'aws:asset:path'?: string };
}

/** How a stream consumer is wired to the table's stream (AWS::Lambda::EventSourceMapping). */
export interface StreamSubscription {
  fn: DeployedFunction;
  batchSize: number;
  /** Lambda's event filter patterns: a record matching none is dropped before the function sees it. */
  filters: unknown[];
  reportsBatchItemFailures: boolean;
}

/** The synthesized stack as the cloud would run it: functions and what invokes each. */
export interface CloudAssembly {
  dir: string;
  template: CfnTemplate;
  functions: DeployedFunction[];
  /** By API Gateway route key (`GET /children/{childId}`), from the HttpApi's routes and integrations. */
  routes: Map<string, DeployedFunction>;
  /** Targets of EventBridge Scheduler schedules, with the input the schedule sends. */
  schedules: Array<{ fn: DeployedFunction; input: unknown }>;
  streams: StreamSubscription[];
  /** The table as CloudFormation would create it. */
  table: { logicalId: string; name: string; properties: Record<string, unknown> };
  /** The stack's info, warning and error annotations (cdk-nag's unsuppressed findings among them), by construct path. */
  messages: SynthesisMessage[];
}

const refOf = (value: unknown): string | undefined => (value as { Ref?: string } | undefined)?.Ref;
const getAttOf = (value: unknown): string | undefined => (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];

export function readCloudAssembly(dir: string, stackName = TARGET.stackName): CloudAssembly {
  const template = JSON.parse(readFileSync(path.join(dir, `${stackName}.template.json`), 'utf8')) as CfnTemplate;
  const resources = template.Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;

  const byLogicalId = new Map<string, DeployedFunction>();
  for (const logicalId of logicalIdsOfType(template, 'AWS::Lambda::Function')) {
    const resource = resources[logicalId] as unknown as FunctionResource;
    const asset = resource.Metadata?.['aws:asset:path'];
    if (!asset) throw new Error(`${logicalId} has no bundle in ${dir} (aws:asset:path)`);
    const variables = resolve(resource.Properties.Environment?.Variables ?? {}, template, TARGET, `$.Resources.${logicalId}.Environment`);
    byLogicalId.set(logicalId, {
      logicalId,
      name: physicalNameOf(logicalId, template, TARGET),
      arn: arnOf(logicalId, template, TARGET),
      description: resource.Properties.Description ?? logicalId,
      assetDir: path.join(dir, asset),
      handler: resource.Properties.Handler,
      timeoutMs: (resource.Properties.Timeout ?? 3) * 1000,
      memoryMb: resource.Properties.MemorySize ?? 128,
      environment: Object.fromEntries(Object.entries(variables as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    });
  }
  const functionAt = (logicalId: string | undefined, what: string): DeployedFunction => {
    const fn = logicalId && byLogicalId.get(logicalId);
    if (!fn) throw new Error(`${what} names no function of the template (${logicalId})`);
    return fn;
  };

  const routes = new Map<string, DeployedFunction>();
  for (const id of logicalIdsOfType(template, 'AWS::ApiGatewayV2::Route')) {
    const route = resources[id]!.Properties!;
    const target = route.Target as { 'Fn::Join': [string, unknown[]] };
    const integration = resources[refOf(target['Fn::Join'][1][1])!]!.Properties!;
    routes.set(route.RouteKey as string, functionAt(getAttOf(integration.IntegrationUri), `route ${String(route.RouteKey)}`));
  }

  const schedules = logicalIdsOfType(template, 'AWS::Scheduler::Schedule').map((id) => {
    const target = resources[id]!.Properties!.Target as { Arn: unknown; Input?: string };
    // Without an Input, Scheduler invokes the function with an empty JSON object.
    return { fn: functionAt(getAttOf(target.Arn), `schedule ${id}`), input: JSON.parse(target.Input ?? '{}') as unknown };
  });

  const streams = logicalIdsOfType(template, 'AWS::Lambda::EventSourceMapping').map((id) => {
    const mapping = resources[id]!.Properties!;
    const filters = (mapping.FilterCriteria as { Filters?: Array<{ Pattern: string }> } | undefined)?.Filters ?? [];
    return {
      fn: functionAt(refOf(mapping.FunctionName), `event source mapping ${id}`),
      batchSize: (mapping.BatchSize as number | undefined) ?? 100,
      filters: filters.map((f) => JSON.parse(f.Pattern) as unknown),
      reportsBatchItemFailures: ((mapping.FunctionResponseTypes as string[] | undefined) ?? []).includes('ReportBatchItemFailures'),
    };
  });

  const [tableId, ...others] = logicalIdsOfType(template, 'AWS::DynamoDB::Table');
  if (!tableId || others.length > 0) throw new Error('the cloud tier expects exactly one table');
  const table = { logicalId: tableId, name: resolveString({ Ref: tableId }, template, TARGET), properties: resources[tableId]!.Properties! };

  const messages = new AssemblyManifest(dir).getStackByName(stackName).messages;

  return { dir, template, functions: [...byLogicalId.values()], routes, schedules, streams, table, messages };
}

/** The assembly this run's `cdk synth` wrote (test/support/synth-setup.ts, the infra and cloud projects' global setup). */
export function readSynthesizedAssembly(): CloudAssembly {
  const dir = process.env.CLOUD_ASSEMBLY_DIR;
  if (!dir) throw new Error('CLOUD_ASSEMBLY_DIR is not set: run through the infra or cloud project (test/support/synth-setup.ts)');
  return readCloudAssembly(dir);
}
