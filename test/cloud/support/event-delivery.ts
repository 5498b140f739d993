import type { CfnTemplate } from '../iam/template';
import { matchesPattern } from './event-pattern';

export interface PutEventsEntry {
  Source: string;
  DetailType: string;
  Detail: string;
}

/** What one rule target would receive: a topic, and the message body the rule's input transformer makes. */
export interface Delivery {
  ruleLogicalId: string;
  topicLogicalId: string;
  body: unknown;
  /** An SNS subscription filter policy with scope MessageBody, as an operator subscribes an inbox. */
  matchesFilterPolicy(policy: Record<string, unknown>): boolean;
}

interface RuleTarget {
  Arn: { Ref?: string };
  Input?: string;
  InputTransformer?: { InputPathsMap: Record<string, string>; InputTemplate: string };
}

const valueAt = (event: unknown, jsonPath: string): unknown =>
  jsonPath
    .replace(/^\$\.?/, '')
    .split('.')
    .filter((part) => part !== '')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], event);

/**
 * EventBridge's input transformer: a placeholder inside a JSON string takes the value's text, one outside takes
 * the value as JSON (a string gets its quotes), and a path with no value gives null (or nothing in a string).
 */
function transform(template: string, paths: Record<string, string>, event: unknown): string {
  let inString = false;
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if (char === '"' && template[i - 1] !== '\\') inString = !inString;
    const placeholder = char === '<' ? /^<([\w.-]+)>/.exec(template.slice(i)) : null;
    if (placeholder && placeholder[1]! in paths) {
      const value = valueAt(event, paths[placeholder[1]!]!);
      out += inString ? (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)) : JSON.stringify(value ?? null);
      i += placeholder[0].length - 1;
      continue;
    }
    out += char;
  }
  return out;
}

/** Where the template's EventBridge rules send these PutEvents entries, and with which message bodies. */
export function deliverThroughRules(template: CfnTemplate, entries: readonly PutEventsEntry[]): Delivery[] {
  const rules = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::Events::Rule');
  return entries.flatMap((entry) => {
    const event = { source: entry.Source, 'detail-type': entry.DetailType, detail: JSON.parse(entry.Detail) as unknown };
    return rules
      .filter(([, rule]) => matchesPattern(rule.Properties!.EventPattern, event))
      .flatMap(([ruleLogicalId, rule]) =>
        (rule.Properties!.Targets as RuleTarget[]).map((target) => {
          const text = target.InputTransformer
            ? transform(target.InputTransformer.InputTemplate, target.InputTransformer.InputPathsMap, event)
            : (target.Input ?? JSON.stringify(event));
          const body = JSON.parse(text) as unknown;
          return {
            ruleLogicalId,
            topicLogicalId: target.Arn.Ref ?? '',
            body,
            matchesFilterPolicy: (policy: Record<string, unknown>) => typeof body === 'object' && matchesPattern(policy, body),
          };
        }),
      );
  });
}
