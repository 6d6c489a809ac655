import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INDEX_REWRITE_CODE } from '../../infra/constructs/site';
import { builtProvince, PROVINCE_MARK } from '../../infra/scripts/build-site';
import { demoProvince, one, removeTempDirs, type Synthesized, synthProvince } from './support';

const s = synthProvince(demoProvince());
const custom = synthProvince({
  ...demoProvince(),
  id: 'site-domain',
  baseUrl: 'https://tuquan.example.vn',
  domain: { name: 'tuquan.example.vn', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
});

const distribution = (synthesized: Synthesized) =>
  one(synthesized, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
const ref = (construct: { node: { defaultChild?: unknown } }) => ({
  Ref: s.stack.getLogicalId(construct.node.defaultChild as never),
});

/** A dynamic reference to one JSON key of the API's origin secret, resolved by CloudFormation at deploy. */
const originHeaderValue = (synthesized: Synthesized, slot: 'a' | 'b') => ({
  'Fn::Join': [
    '',
    [
      '{{resolve:secretsmanager:',
      { Ref: synthesized.stack.getLogicalId(synthesized.stack.api.originSecret.node.defaultChild as never) },
      `:SecretString:${slot}::}}`,
    ],
  ],
});

afterAll(removeTempDirs);

describe('Site', () => {
  it('keeps the bucket private: public access blocked, encrypted, TLS only, read by CloudFront alone', () => {
    const bucket = one(s, 'AWS::S3::Bucket');
    const policy = one(s, 'AWS::S3::BucketPolicy');
    const statements = policy.Properties.PolicyDocument.Statement;

    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(statements[0]).toMatchObject({
      Effect: 'Deny',
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    const readers = statements.filter(
      (statement: { Effect: string; Action: string | string[] }) =>
        statement.Effect === 'Allow' && [statement.Action].flat().includes('s3:GetObject'),
    );
    expect(readers).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [s.resolve(s.stack.site.bucket.bucketArn), '/*']] },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudfront::',
                  { Ref: 'AWS::AccountId' },
                  ':distribution/',
                  ref(s.stack.site.distribution),
                ],
              ],
            },
          },
        },
      },
    ]);
  });

  it('reads the bucket through origin access control (SigV4), not a public website endpoint', () => {
    const oac = one(s, 'AWS::CloudFront::OriginAccessControl');
    const [siteOrigin] = distribution(s).Origins;

    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(siteOrigin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [expect.stringMatching(/^SiteBucket/), 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
  });

  it('routes /api/* and /open311/* to the HTTP API: every method, HTTPS only, nothing cached unless the API says so', () => {
    const config = distribution(s);
    const apiOrigin = config.Origins.find(
      (origin: { Id: string }) => origin.Id === config.CacheBehaviors[0].TargetOriginId,
    );
    const toApi = (pathPattern: string) => ({
      PathPattern: pathPattern,
      TargetOriginId: apiOrigin.Id,
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachedMethods: ['GET', 'HEAD'],
      CachePolicyId: ref(s.stack.site.node.findChild('ApiCache')),
      OriginRequestPolicyId: ref(s.stack.site.node.findChild('ApiRequest')),
      ResponseHeadersPolicyId: ref(s.stack.site.node.findChild('SecurityHeaders')),
      ViewerProtocolPolicy: 'https-only',
      Compress: true,
    });

    expect(config.CacheBehaviors).toEqual([toApi('/api/*'), toApi('/open311/*')]);
    expect(config.Origins.filter((origin: object) => 'CustomOriginConfig' in origin)).toHaveLength(1);
    expect(apiOrigin).toEqual({
      Id: apiOrigin.Id,
      DomainName: {
        'Fn::Join': [
          '',
          [ref(s.stack.api.httpApi), '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }],
        ],
      },
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
      OriginCustomHeaders: [{ HeaderName: 'x-origin-verify', HeaderValue: originHeaderValue(s, 'a') }],
    });
  });

  it("sends the origin secret's other slot when the province switches it (a rotation without downtime)", () => {
    const rotated = synthProvince({ ...demoProvince(), id: 'site-rotated', originSecretSlot: 'b' });
    const apiOrigin = distribution(rotated).Origins.find(
      (origin: { Id: string }) => origin.Id !== undefined && 'CustomOriginConfig' in origin,
    );

    expect(apiOrigin.OriginCustomHeaders).toEqual([
      { HeaderName: 'x-origin-verify', HeaderValue: originHeaderValue(rotated, 'b') },
    ]);
  });

  it('forwards only the headers the API reads, and nothing that identifies the client', () => {
    const cache = one(s, 'AWS::CloudFront::CachePolicy').Properties.CachePolicyConfig;
    const request = one(s, 'AWS::CloudFront::OriginRequestPolicy').Properties.OriginRequestPolicyConfig;

    expect([cache.DefaultTTL, cache.MinTTL, cache.MaxTTL]).toEqual([0, 0, 86400]);
    expect(cache.ParametersInCacheKeyAndForwardedToOrigin).toEqual({
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Accept', 'Accept-Language', 'Authorization'] },
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      CookiesConfig: { CookieBehavior: 'none' },
      EnableAcceptEncodingGzip: true,
      EnableAcceptEncodingBrotli: true,
    });
    expect({
      headers: request.HeadersConfig,
      query: request.QueryStringsConfig,
      cookies: request.CookiesConfig,
    }).toEqual({
      headers: {
        HeaderBehavior: 'whitelist',
        Headers: ['Content-Type', 'Idempotency-Key', 'X-Altcha', 'CloudFront-Viewer-Address'],
      },
      query: { QueryStringBehavior: 'all' },
      cookies: { CookieBehavior: 'none' },
    });
  });

  it('serves the site over HTTPS with the index rewrite on viewer requests', () => {
    const behavior = distribution(s).DefaultCacheBehavior;
    const fn = one(s, 'AWS::CloudFront::Function');

    expect(behavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      FunctionAssociations: [
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.any(String), 'FunctionARN'] } },
      ],
    });
    expect([fn.Properties.FunctionCode, fn.Properties.FunctionConfig.Runtime]).toEqual([
      INDEX_REWRITE_CODE,
      'cloudfront-js-2.0',
    ]);
  });

  it('adds the security headers to the site and the API alike', () => {
    const config = distribution(s);
    const policy = one(s, 'AWS::CloudFront::ResponseHeadersPolicy').Properties.ResponseHeadersPolicyConfig;

    expect([
      config.DefaultCacheBehavior.ResponseHeadersPolicyId,
      config.CacheBehaviors[0].ResponseHeadersPolicyId,
    ]).toEqual([
      ref(s.stack.site.node.findChild('SecurityHeaders')),
      ref(s.stack.site.node.findChild('SecurityHeaders')),
    ]);
    expect(policy.SecurityHeadersConfig).toEqual({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
      ContentSecurityPolicy: {
        ContentSecurityPolicy: {
          'Fn::Join': [
            '',
            [
              "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https://",
              { Ref: expect.stringMatching(/^AuthUserPoolHostedUi/) },
              '.auth.',
              { Ref: 'AWS::Region' },
              ".amazoncognito.com; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            ],
          ],
        },
        Override: true,
      },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
    });
  });

  it('keeps no CloudFront access logs (they would hold client IPs)', () => {
    expect(distribution(s).Logging).toBeUndefined();
  });

  it('deploys the built site and a config.json with the province name, locales and sign-in settings', () => {
    const deployment = one(s, 'Custom::CDKBucketDeployment').Properties;
    const configKey: string = deployment.SourceObjectKeys[1];
    const config = JSON.parse(
      readFileSync(join(s.app.outdir, `asset.${configKey.replace(/\.zip$/, '')}`, 'config.json'), 'utf8'),
    );
    const marker = expect.stringMatching(/<<marker:0xbaba:\d+>>/);

    expect(config).toEqual({
      province: { id: 'quang-ninh', name: { vi: 'Quảng Ninh', en: 'Quang Ninh' } },
      locales: ['vi', 'en'],
      timeZone: 'Asia/Ho_Chi_Minh',
      auth: {
        region: marker,
        userPoolId: marker,
        clientId: marker,
        signInUrl: marker,
        callbackUrl: 'https://tuquan.quangninh.example.vn/officer/',
      },
    });
    expect(deployment).toMatchObject({
      DestinationBucketName: ref(s.stack.site.bucket),
      DistributionId: ref(s.stack.site.distribution),
      DistributionPaths: ['/*'],
      Prune: true,
    });
  });

  it('uses the custom domain and its certificate, with TLS 1.2 at least, when the province has one', () => {
    expect(distribution(custom)).toMatchObject({
      Aliases: ['tuquan.example.vn'],
      ViewerCertificate: {
        AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      },
    });
  });

  it('refuses a custom domain that baseUrl does not use', () => {
    const province = {
      ...demoProvince(),
      id: 'site-mismatch',
      domain: {
        name: 'tuquan.example.vn',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      },
    };

    expect(() => synthProvince(province)).toThrow(
      'Province site-mismatch: baseUrl (https://tuquan.quangninh.example.vn) must use domain.name (tuquan.example.vn)',
    );
  });

  it("refuses a site built for another province, whose pages would name it, and says how to build this one's", () => {
    const siteDir = mkdtempSync(join(tmpdir(), 'tuquan-site-other-'));
    try {
      writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>Cao Bằng</title>');
      writeFileSync(join(siteDir, PROVINCE_MARK), 'cao-bang\n');

      expect(() => synthProvince(demoProvince(), { siteDir })).toThrow(
        `${siteDir} holds the site built for "cao-bang", not "quang-ninh": its pages would name another province. Build it for this one: npm run synth -- -c province=quang-ninh`,
      );
    } finally {
      rmSync(siteDir, { recursive: true, force: true });
    }
  });

  it('deploys a site built for its own province', () => {
    const siteDir = mkdtempSync(join(tmpdir(), 'tuquan-site-own-'));
    try {
      writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>Quảng Ninh</title>');
      writeFileSync(join(siteDir, PROVINCE_MARK), 'quang-ninh\n');

      const own = synthProvince(demoProvince(), { siteDir });

      const sources = one(own, 'Custom::CDKBucketDeployment').Properties.SourceObjectKeys as unknown[];
      expect(sources).toHaveLength(2);
      expect(builtProvince(siteDir)).toBe('quang-ninh');
    } finally {
      rmSync(siteDir, { recursive: true, force: true });
    }
  });
});

describe('index rewrite (CloudFront Function)', () => {
  const handler = new Function(`${INDEX_REWRITE_CODE}\nreturn handler;`)() as (event: {
    request: { uri: string };
  }) => { uri: string };
  const rewrite = (uri: string) => handler({ request: { uri } }).uri;

  it('serves a folder, with or without its slash, from its index.html; files as they are', () => {
    const uris = [
      '/',
      '/contacts/',
      '/contacts',
      '/boxes/qn-ub',
      '/site.css',
      '/_astro/app.3f9a.js',
      '/v1.2/page',
    ];

    expect(uris.map(rewrite)).toEqual([
      '/index.html',
      '/contacts/index.html',
      '/contacts/index.html',
      '/boxes/qn-ub/index.html',
      '/site.css',
      '/_astro/app.3f9a.js',
      '/v1.2/page/index.html',
    ]);
  });
});
