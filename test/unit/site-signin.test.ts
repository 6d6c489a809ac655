import { describe, expect, it } from 'vitest';
import { authorizeUrl, pkcePair, tokenRequest } from '../../site/src/scripts/officer-pkce';

const AUTH = {
  clientId: 'client123',
  signInUrl: 'https://tuquan-quang-ninh.auth.ap-southeast-1.amazoncognito.com',
  callbackUrl: 'https://tuquan.quangninh.example.vn/officer/',
};

describe('officer sign-in with PKCE', () => {
  it('derives the verifier and S256 challenge of RFC 7636 appendix B', async () => {
    const random = new Uint8Array([
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214,
      191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ]);
    expect(await pkcePair(random)).toEqual({
      verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    });
  });

  it("sends the officer to the user pool's hosted page with the challenge and a state", () => {
    const url = new URL(authorizeUrl(AUTH, 'CHALLENGE', 'STATE'));
    expect(`${url.origin}${url.pathname}`).toBe(`${AUTH.signInUrl}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: AUTH.callbackUrl,
      scope: 'openid email profile',
      code_challenge: 'CHALLENGE',
      code_challenge_method: 'S256',
      state: 'STATE',
    });
  });

  it('exchanges the code with the verifier, and no client secret', () => {
    const request = tokenRequest(AUTH, 'CODE', 'VERIFIER');
    expect({ url: request.url, body: Object.fromEntries(new URLSearchParams(request.body)) }).toEqual({
      url: `${AUTH.signInUrl}/oauth2/token`,
      body: {
        grant_type: 'authorization_code',
        client_id: 'client123',
        code: 'CODE',
        redirect_uri: AUTH.callbackUrl,
        code_verifier: 'VERIFIER',
      },
    });
  });
});
