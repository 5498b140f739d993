import { createHash } from 'node:crypto';
import { resourceOf, type CfnResource, type CfnTemplate, type DeploymentTarget, type Json } from './template';

/**
 * Resolves CloudFormation intrinsics the way CloudFormation would for the template deployed as
 * `target.stackName` in `target`'s account and region, so IAM policies and function environments can be read as
 * the deployed values. Generated names and ids are deterministic (the same logical id always gives the same
 * name), which is all an offline policy check needs. An intrinsic, pseudo parameter or attribute this module
 * does not know throws with the path it was found at: a new one must be taught here, not silently passed
 * through as an object no ARN pattern would ever match.
 */

/** Fixed creation label of every table stream: the real one is the time the stream was enabled. */
export const STREAM_LABEL = '2026-01-01T00:00:00.000';
/** Secrets Manager appends six random characters to a secret's name in its ARN. */
export const SECRET_SUFFIX = 'AbCdEf';

export class UnresolvableIntrinsicError extends Error {
  constructor(message: string, path: string) {
    super(`${message} at ${path}`);
    this.name = 'UnresolvableIntrinsicError';
  }
}

/** `value` with every intrinsic replaced by its deployed value, deeply. */
export function resolve(value: unknown, template: CfnTemplate, target: DeploymentTarget, path = '$'): Json {
  return new Resolver(template, target).value(value, path);
}

/** Like `resolve`, for a value that must resolve to a string (a name, an ARN). */
export function resolveString(value: unknown, template: CfnTemplate, target: DeploymentTarget, path = '$'): string {
  return new Resolver(template, target).string(value, path);
}

/** The name CloudFormation gives the resource: its explicit name property, else `<stackName>-<logicalId>`. */
export function physicalNameOf(logicalId: string, template: CfnTemplate, target: DeploymentTarget): string {
  return new Resolver(template, target).deployed(logicalId, `$.Resources.${logicalId}`).name;
}

/** The ARN of the resource: `Fn::GetAtt [X, Arn]`, or `Ref` for the types whose Ref is the ARN (topic, secret). */
export function arnOf(logicalId: string, template: CfnTemplate, target: DeploymentTarget): string {
  const resolver = new Resolver(template, target);
  const path = `$.Resources.${logicalId}`;
  const { Type } = resourceOf(template, logicalId);
  if (KINDS[Type]?.attributes?.Arn) return resolver.getAtt(logicalId, 'Arn', path);
  if (ARN_REF_TYPES.has(Type)) return resolver.ref(logicalId, path);
  throw new UnresolvableIntrinsicError(`No ARN known for ${Type} ${logicalId}`, path);
}

/** A deployed resource as its `Ref` and attributes see it. */
interface Deployed {
  logicalId: string;
  /** Physical name: explicit name property or the generated one. */
  name: string;
  target: DeploymentTarget;
  /** A property resolved to a string, or undefined when absent. */
  property(name: string): string | undefined;
}

interface ResourceKind {
  /** The property that names the resource explicitly, if the type has one. */
  nameProperty?: string;
  /** What `Ref` returns; the physical name when not given. */
  ref?: (resource: Deployed) => string;
  /** What `Fn::GetAtt [X, <attribute>]` returns. */
  attributes?: Record<string, (resource: Deployed) => string>;
}

const arn = (r: Deployed, service: string, resource: string): string =>
  `arn:${r.target.partition}:${service}:${r.target.region}:${r.target.accountId}:${resource}`;
const urlSuffix = (target: DeploymentTarget): string => (target.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com');

/** Hex digits derived from the logical id: stable across runs, distinct across resources. */
const digest = (seed: string): string => createHash('sha256').update(seed).digest('hex');
const uuidOf = (seed: string): string => {
  const hex = digest(seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};
/** `length` characters of `alphabet`, from the digest of `seed`. */
const idOf = (seed: string, length: number, alphabet: string): string =>
  [...Buffer.from(digest(seed), 'hex').subarray(0, length)].map((byte) => alphabet[byte % alphabet.length]).join('');
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const keyId = (r: Deployed): string => uuidOf(`kms-key:${r.logicalId}`);
const userPoolId = (r: Deployed): string => `${r.target.region}_${idOf(`user-pool:${r.logicalId}`, 9, ALPHANUMERIC)}`;
const queueUrl = (r: Deployed): string => `https://sqs.${r.target.region}.${urlSuffix(r.target)}/${r.target.accountId}/${r.name}`;
const secretArn = (r: Deployed): string => arn(r, 'secretsmanager', `secret:${r.name}-${SECRET_SUFFIX}`);
const topicArn = (r: Deployed): string => arn(r, 'sns', r.name);
const tableArn = (r: Deployed): string => arn(r, 'dynamodb', `table/${r.name}`);
const managedPolicyArn = (r: Deployed): string =>
  `arn:${r.target.partition}:iam::${r.target.accountId}:policy${r.property('Path') ?? '/'}${r.name}`;
/** A rule on a custom bus is named `<bus>/<rule>` in its ARN and `<bus>|<rule>` by Ref. */
const ruleBusOf = (r: Deployed): string | undefined => {
  const bus = r.property('EventBusName');
  const name = bus?.startsWith('arn:') ? bus.slice(bus.indexOf(':event-bus/') + ':event-bus/'.length) : bus;
  return name === 'default' ? undefined : name;
};

/** What CloudFormation documents as `Ref` and `Fn::GetAtt` for the types this stack and its policies use. */
const KINDS: Record<string, ResourceKind> = {
  'AWS::DynamoDB::Table': {
    nameProperty: 'TableName',
    attributes: { Arn: tableArn, StreamArn: (r) => `${tableArn(r)}/stream/${STREAM_LABEL}` },
  },
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    ref: queueUrl,
    attributes: { Arn: (r) => arn(r, 'sqs', r.name), QueueName: (r) => r.name, QueueUrl: queueUrl },
  },
  'AWS::SNS::Topic': { nameProperty: 'TopicName', ref: topicArn, attributes: { TopicArn: topicArn, TopicName: (r) => r.name } },
  'AWS::Events::EventBus': {
    nameProperty: 'Name',
    attributes: { Arn: (r) => arn(r, 'events', `event-bus/${r.name}`), Name: (r) => r.name },
  },
  'AWS::Events::Rule': {
    nameProperty: 'Name',
    ref: (r) => [ruleBusOf(r), r.name].filter(Boolean).join('|'),
    attributes: { Arn: (r) => arn(r, 'events', `rule/${[ruleBusOf(r), r.name].filter(Boolean).join('/')}`) },
  },
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', attributes: { Arn: (r) => arn(r, 'lambda', `function:${r.name}`) } },
  'AWS::IAM::Role': {
    nameProperty: 'RoleName',
    attributes: {
      Arn: (r) => `arn:${r.target.partition}:iam::${r.target.accountId}:role${r.property('Path') ?? '/'}${r.name}`,
      RoleId: (r) => `AROA${idOf(`role:${r.logicalId}`, 17, ALPHANUMERIC.slice(0, 26) + '234567')}`,
    },
  },
  'AWS::IAM::ManagedPolicy': { nameProperty: 'ManagedPolicyName', ref: managedPolicyArn, attributes: { PolicyArn: managedPolicyArn } },
  'AWS::KMS::Key': { ref: keyId, attributes: { Arn: (r) => arn(r, 'kms', `key/${keyId(r)}`), KeyId: keyId } },
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', attributes: { Arn: (r) => arn(r, 'logs', `log-group:${r.name}:*`) } },
  'AWS::Cognito::UserPool': {
    ref: userPoolId,
    attributes: {
      Arn: (r) => arn(r, 'cognito-idp', `userpool/${userPoolId(r)}`),
      UserPoolId: userPoolId,
      ProviderName: (r) => `cognito-idp.${r.target.region}.${urlSuffix(r.target)}/${userPoolId(r)}`,
      ProviderURL: (r) => `https://cognito-idp.${r.target.region}.${urlSuffix(r.target)}/${userPoolId(r)}`,
    },
  },
  'AWS::Cognito::UserPoolClient': {
    ref: (r) => idOf(`user-pool-client:${r.logicalId}`, 26, 'abcdefghijklmnopqrstuvwxyz0123456789'),
  },
  'AWS::SecretsManager::Secret': { nameProperty: 'Name', ref: secretArn, attributes: { Id: secretArn } },
};

/** Types whose `Ref` is their ARN. */
const ARN_REF_TYPES = new Set(['AWS::SNS::Topic', 'AWS::SecretsManager::Secret', 'AWS::IAM::ManagedPolicy']);

const PSEUDO_PARAMETERS: Record<string, (target: DeploymentTarget) => string> = {
  'AWS::Region': (t) => t.region,
  'AWS::AccountId': (t) => t.accountId,
  'AWS::Partition': (t) => t.partition,
  'AWS::StackName': (t) => t.stackName,
  'AWS::URLSuffix': urlSuffix,
  'AWS::StackId': (t) =>
    `arn:${t.partition}:cloudformation:${t.region}:${t.accountId}:stack/${t.stackName}/${uuidOf(`stack:${t.stackName}`)}`,
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

class Resolver {
  constructor(
    private readonly template: CfnTemplate,
    private readonly target: DeploymentTarget,
  ) {}

  value(value: unknown, path: string): Json {
    if (Array.isArray(value)) return value.map((item, index) => this.value(item, `${path}[${index}]`));
    if (!isRecord(value)) {
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as Json;
      throw new UnresolvableIntrinsicError(`Not a JSON value (${typeof value})`, path);
    }
    const keys = Object.keys(value);
    const [only] = keys;
    if (keys.length === 1 && only !== undefined && (only === 'Ref' || only.startsWith('Fn::'))) {
      return this.intrinsic(only, value[only], `${path}.${only}`);
    }
    return Object.fromEntries(keys.map((key) => [key, this.value(value[key], `${path}.${key}`)]));
  }

  string(value: unknown, path: string): string {
    const resolved = this.value(value, path);
    if (typeof resolved !== 'string') throw new UnresolvableIntrinsicError(`Expected a string, got ${JSON.stringify(resolved)}`, path);
    return resolved;
  }

  private strings(value: unknown, path: string): string[] {
    const resolved = this.value(value, path);
    if (!Array.isArray(resolved) || !resolved.every((item) => typeof item === 'string')) {
      throw new UnresolvableIntrinsicError(`Expected a list of strings, got ${JSON.stringify(resolved)}`, path);
    }
    return resolved as string[];
  }

  private intrinsic(name: string, argument: unknown, path: string): Json {
    switch (name) {
      case 'Ref':
        if (typeof argument !== 'string') throw new UnresolvableIntrinsicError('Ref takes a name', path);
        return this.ref(argument, path);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof argument === 'string' ? splitOnce(argument, '.') : Array.isArray(argument) ? argument : [];
        if (typeof logicalId !== 'string' || typeof attribute !== 'string') {
          throw new UnresolvableIntrinsicError('Fn::GetAtt takes [logicalId, attribute]', path);
        }
        return this.getAtt(logicalId, attribute, path);
      }
      case 'Fn::Join': {
        if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string') {
          throw new UnresolvableIntrinsicError('Fn::Join takes [delimiter, list]', path);
        }
        return this.strings(argument[1], `${path}[1]`).join(argument[0]);
      }
      case 'Fn::Sub':
        return this.sub(argument, path);
      case 'Fn::Select': {
        if (!Array.isArray(argument) || argument.length !== 2) throw new UnresolvableIntrinsicError('Fn::Select takes [index, list]', path);
        const index = Number(this.value(argument[0], `${path}[0]`));
        const list = this.value(argument[1], `${path}[1]`);
        if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length) {
          throw new UnresolvableIntrinsicError(`Fn::Select index ${index} out of ${JSON.stringify(list)}`, path);
        }
        return list[index] as Json;
      }
      case 'Fn::Split': {
        if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string') {
          throw new UnresolvableIntrinsicError('Fn::Split takes [delimiter, string]', path);
        }
        return this.string(argument[1], `${path}[1]`).split(argument[0]);
      }
      default:
        // Fn::If, Fn::ImportValue, Fn::GetAZs, Fn::FindInMap...: the stack uses none of them today.
        throw new UnresolvableIntrinsicError(`Unsupported intrinsic ${name}`, path);
    }
  }

  ref(name: string, path: string): string {
    const pseudo = PSEUDO_PARAMETERS[name];
    if (pseudo) return pseudo(this.target);
    if (name.startsWith('AWS::')) throw new UnresolvableIntrinsicError(`Unsupported pseudo parameter ${name}`, path);
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      if (typeof parameter.Default !== 'string') throw new UnresolvableIntrinsicError(`Parameter ${name} has no string default`, path);
      return parameter.Default;
    }
    const deployed = this.deployed(name, path);
    return KINDS[resourceOf(this.template, name).Type]?.ref?.(deployed) ?? deployed.name;
  }

  getAtt(logicalId: string, attribute: string, path: string): string {
    const { Type } = this.resource(logicalId, path);
    const read = KINDS[Type]?.attributes?.[attribute];
    if (!read) throw new UnresolvableIntrinsicError(`Unsupported attribute ${attribute} of ${Type} ${logicalId}`, path);
    return read(this.deployed(logicalId, path));
  }

  deployed(logicalId: string, path: string): Deployed {
    const resource = this.resource(logicalId, path);
    const property = (name: string): string | undefined => {
      const value = resource.Properties?.[name];
      return value === undefined ? undefined : this.string(value, `$.Resources.${logicalId}.Properties.${name}`);
    };
    const kind = KINDS[resource.Type];
    const explicit = kind?.nameProperty ? property(kind.nameProperty) : undefined;
    const fifo = resource.Type === 'AWS::SQS::Queue' && resource.Properties?.FifoQueue === true ? '.fifo' : '';
    return { logicalId, name: explicit ?? `${this.target.stackName}-${logicalId}${fifo}`, target: this.target, property };
  }

  private resource(logicalId: string, path: string): CfnResource {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new UnresolvableIntrinsicError(`No resource or parameter ${logicalId}`, path);
    return resource;
  }

  /** `Fn::Sub`: `${Name}` is a Ref, `${Name.Attr}` a GetAtt, `${!Literal}` the literal `${Literal}`. */
  private sub(argument: unknown, path: string): string {
    const [template, variables] = typeof argument === 'string' ? [argument, {}] : Array.isArray(argument) ? argument : [];
    if (typeof template !== 'string' || !isRecord(variables)) {
      throw new UnresolvableIntrinsicError('Fn::Sub takes a string or [string, variables]', path);
    }
    return template.replace(/\$\{([^}]+)\}/g, (_match, token: string) => {
      if (token.startsWith('!')) return `\${${token.slice(1)}}`;
      if (token in variables) return this.string(variables[token], `${path}[1].${token}`);
      if (!token.includes('::') && token.includes('.')) {
        const [logicalId, attribute] = splitOnce(token, '.');
        return this.getAtt(logicalId, attribute, path);
      }
      return this.ref(token, path);
    });
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + separator.length)];
}
