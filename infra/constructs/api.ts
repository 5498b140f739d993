import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { routeKey, type NamedRoute, type RouteResource } from '../../lib/api/route';
import type { AuthConfig, ProgrammeVariable } from '../../lib/config';
import { writeContract } from '../contract';
import { ProductFunction } from './product-function';

export interface ApiProps {
  routes: readonly NamedRoute[];
  /** Encrypted with a customer-managed key. */
  table: ITable;
  /** `iss` and `aud` the authorizer and the handlers accept. */
  auth: AuthConfig;
  /** The programme's rules, given to every route that reads the table. */
  programme: Readonly<Record<ProgrammeVariable, string>>;
  /** Variables every function gets (log level, service name). */
  environment: Record<string, string>;
  /** What a route may declare it `uses`. */
  resources: { exportSecret: ISecret; userPool: IUserPool };
  logRetention?: RetentionDays;
  /** Requests per second across the API; defaults to DEFAULT_THROTTLE. */
  throttle?: { rateLimit: number; burstLimit: number };
}

/** Sustained requests per second and burst across the API: far above a programme's use, far below a flood. */
const DEFAULT_THROTTLE = { rateLimit: 50, burstLimit: 100 };

const constructId = (operationId: string): string => operationId.charAt(0).toUpperCase() + operationId.slice(1);

/**
 * The HTTP API: one function and one route per entry of the route table. Paths, methods and who may call
 * come from the table only; every route that is not public goes through the Cognito JWT authorizer.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  /** The function of each route, by operationId. */
  readonly functions: ReadonlyMap<string, ProductFunction>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Reintegration follow-up API',
      createDefaultStage: false,
    });
    // Who called what, when, with which answer — no bodies, no query strings, no IP addresses.
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention ?? RetentionDays.THREE_MONTHS });
    this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? DEFAULT_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            caller: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', props.auth.issuer, {
      authorizerName: 'cognito-jwt',
      jwtAudience: [props.auth.audience],
    });

    const bindResource: Record<RouteResource, (fn: ProductFunction) => void> = {
      exportSecret: (fn) => fn.bindExportSecret(props.resources.exportSecret),
      directory: (fn) => fn.bindDirectory(props.resources.userPool),
    };
    const functions = new Map<string, ProductFunction>();
    // The contract's function serves this file (its route's `assets`); it is written before any function is bundled.
    writeContract(props.routes);
    for (const route of props.routes) {
      const name = constructId(route.operationId);

      const isPublic = route.access === 'public';
      const fn = new ProductFunction(this, name, {
        kind: isPublic ? 'publicRoute' : 'route',
        description: `${routeKey(route)} (${route.operationId})`,
        entry: route.handler,
        environment: props.environment,
        ...(route.assets ? { assets: route.assets } : {}),
        ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      });
      // Public routes (health, the contract, the docs page) are given nothing: no table, no key, no settings. A
      // reading route may write audit records and nothing else.
      if (!isPublic) {
        fn.bindTable(props.table, route.method === 'GET' ? 'audit' : 'all')
          .bindProgramme(props.programme)
          .bindTokenIssuer(props.auth);
      }
      for (const resource of route.uses ?? []) bindResource[resource](fn);

      const httpRoutes = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${name}Integration`, fn),
        ...(route.access === 'public' ? {} : { authorizer }),
      });
      // A new public route is reported by cdk-nag (AwsSolutions-APIG4) until its definition says why it needs no token.
      const publicBecause = route.access === 'public' ? route.publicBecause : undefined;
      if (publicBecause) {
        NagSuppressions.addResourceSuppressions(httpRoutes, [
          {
            id: 'AwsSolutions-APIG4',
            reason:
              `${routeKey(route)} is public by design (access: 'public' in lib/api/routes): ${publicBecause}. ` +
              'It neither returns nor accepts any record; every other route goes through the Cognito JWT authorizer.',
          },
        ]);
      }
      functions.set(route.operationId, fn);
    }
    this.functions = functions;
  }
}
