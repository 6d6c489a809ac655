import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { Province } from '../../functions/shared/province';

/** The Cognito groups a signed-in person belongs to; the handlers read them from `cognito:groups`. */
const GROUPS = ['officer', 'admin'] as const;

export interface AuthProps {
  /**
   * The province: its id names the hosted sign-in domain (`tuquan-<id>`), its `baseUrl` gives the
   * console's callback, and its stage decides retention and the feature plan.
   */
  readonly province: Province;
}

/**
 * Officers and admins: a user pool per province (no self sign-up, TOTP MFA required, strong
 * passwords), the groups, and the officer console's public app client (authorization code + PKCE).
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  /** The officer console's client: no secret (it runs in a browser), code flow only. */
  readonly consoleClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** Where the console sends people to sign in and back: `${baseUrl}/officer/`. */
  readonly callbackUrl: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    const { province } = props;
    const prod = province.stage === 'prod';

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `tuquan-${province.id}`,
      // Admins create officers (the import CLI or the console); nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      // A changed address takes effect only once its owner enters the code sent to it: until then the
      // tokens keep the verified one, which is what binds a new user to an imported officer.
      keepOriginal: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Officers are invited by an admin; the e-mails they get are in Vietnamese first.
      userInvitation: {
        emailSubject: `tuquan ${province.name.vi}: tài khoản cán bộ / officer account`,
        emailBody:
          'Tên đăng nhập / user name: {username}<br>Mật khẩu tạm / temporary password: {####}<br>' +
          `Đăng nhập tại / sign in at ${province.baseUrl}/officer/ (đổi mật khẩu và cài mã xác thực hai lớp / ` +
          'change the password and set up an authenticator app).',
      },
      userVerification: {
        emailSubject: `tuquan ${province.name.vi}: mã xác minh / verification code`,
        emailBody: 'Mã xác minh / verification code: {####}',
        emailStyle: cognito.VerificationEmailStyle.CODE,
      },
      // Plus brings threat protection (compromised credentials, risky sign-ins) to accounts that see
      // reports and reporters' contacts. A dev stack holds demo data only and saves the per-user price.
      featurePlan: prod ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      ...(prod ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    if (!prod) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'dev stage: demo officers and demo data only, so the Plus plan (threat protection, billed per ' +
          'monthly user) buys nothing; every prod province gets Plus with full-function threat protection.',
      });
    }

    GROUPS.forEach((group, precedence) => {
      this.userPool.addGroup(`Group-${group}`, {
        groupName: group,
        // Lower wins when a token carries one role: admin outranks officer.
        precedence: GROUPS.length - precedence,
        description: `tuquan ${group}s`,
      });
    });

    this.callbackUrl = `${province.baseUrl}/officer/`;
    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      userPoolClientName: 'officer-console',
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        // The code flow with PKCE: Cognito requires the code_verifier whenever the request sent a challenge.
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [this.callbackUrl],
        logoutUrls: [this.callbackUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      // Officers may not set their own e-mail (the address an officer is first found by): only the
      // language they read the console in. An empty list would mean every attribute to Cognito.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ locale: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: `tuquan-${province.id}` },
    });
  }
}
