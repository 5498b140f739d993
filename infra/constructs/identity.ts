import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { ROLES } from '../../lib/auth/principal';

/** Custom attributes the ID token carries as `custom:<name>` (lib/auth/principal.ts reads them). */
const CUSTOM_ATTRIBUTES = ['organisationId', 'municipalityIds'] as const;

/**
 * The Cognito user pool behind the API's JWT authorizer. Roles are groups (`cognito:groups` in the ID token);
 * organisation and municipalities are custom attributes that only administrators set: the app client may read
 * them but not write them, so a user cannot move themselves into another organisation's scope.
 */
export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** The `iss` of the pool's tokens. */
  readonly issuer: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        organisationId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        municipalityIds: new StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(this.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional on purpose, as designed and documented in SECURITY.md (Hardening): every user can turn ' +
          'on TOTP (no SMS), none is forced to. Alongside: no self sign-up, passwords of 12+ ' +
          'characters with every character class, one-hour tokens and token revocation.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Plus feature plan (advanced security: adaptive authentication, compromised-credential checks) is off ' +
          "by cost choice, documented in SECURITY.md (Hardening); enable it where the programme's budget allows.",
      },
    ]);

    this.client = this.userPool.addClient('ApiClient', {
      generateSecret: false,
      // Users sign in with SRP from the client; no hosted UI, so no OAuth flows (and no implicit grant).
      disableOAuth: true,
      // ALLOW_REFRESH_TOKEN_AUTH is added by CDK with any flow.
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(...CUSTOM_ATTRIBUTES),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Role ${role}: members get it as cognito:groups in their ID token`,
      });
    }

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
