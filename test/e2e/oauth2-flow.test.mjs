// The OAuth 2.0 / OpenID Connect flows end to end: the real binary on SQLite, PostgreSQL and MariaDB,
// driven by openid-client (strict ID token checks) as the relying party and @ory/hydra-client as the
// login and consent app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import * as oidc from 'openid-client';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { freePort, run, serveOAuth2 } from './lib/tessera.mjs';
import { Browser } from './lib/browser.mjs';
import { databasesFor } from './lib/databases.mjs';

const CALLBACK = 'http://app.invalid/callback';
const LOGGED_OUT = 'http://app.invalid/logged-out';

const backends = ['sqlite', 'postgres', 'mariadb'];
const migratedDsn = databasesFor(backends, { before, after, run });

/** Starts the oauth2 service on a migrated database and returns what the tests need. */
async function startTessera(backend) {
  const t = await serveOAuth2({
    dsn: await migratedDsn(backend),
    secret: 'e2e-flow-secret-0123456789',
    env: (urls) => ({
      URLS_SELF_ISSUER: `${urls.public}/`,
      URLS_LOGIN: 'http://login.invalid/login',
      URLS_CONSENT: 'http://login.invalid/consent',
      URLS_LOGOUT: 'http://login.invalid/logout',
      URLS_DEVICE_VERIFICATION: 'http://login.invalid/device',
      OAUTH2_HASHERS_PBKDF2_ITERATIONS: '1000',
    }),
  });
  const admin = new OAuth2Api(new Configuration({ basePath: t.admin }));
  return { server: t.server, admin, issuer: `${t.public}/`, publicHost: new URL(t.public).host };
}

async function rejected(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected the call to fail');
}

/** Runs a browser through /oauth2/auth, login and consent (accepted by the admin SDK); returns the callback URL. */
async function authorize(t, browser, url, { remember = false, expectLoginSkip, grant = ['openid', 'offline_access'] } = {}) {
  let hop = await browser.follow(url, t.publicHost);
  const loginChallenge = new URL(hop.location).searchParams.get('login_challenge');
  assert.ok(loginChallenge, `expected the login app, got ${hop.location}`);
  const login = (await t.admin.getOAuth2LoginRequest({ loginChallenge })).data;
  if (expectLoginSkip !== undefined) assert.equal(login.skip, expectLoginSkip);
  const loginAccepted = (await t.admin.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'alice@example.com', remember, remember_for: 3600, acr: 'urn:e2e:1' } })).data;
  hop = await browser.follow(loginAccepted.redirect_to, t.publicHost);
  const consentChallenge = new URL(hop.location).searchParams.get('consent_challenge');
  assert.ok(consentChallenge, `expected the consent app, got ${hop.location}`);
  const consent = (await t.admin.getOAuth2ConsentRequest({ consentChallenge })).data;
  assert.equal(consent.subject, 'alice@example.com');
  const consentAccepted = (await t.admin.acceptOAuth2ConsentRequest({
    consentChallenge,
    acceptOAuth2ConsentRequest: { grant_scope: grant, remember, remember_for: 3600, session: { id_token: { email: 'alice@example.com' }, access_token: { role: 'reader' } } },
  })).data;
  hop = await browser.follow(consentAccepted.redirect_to, t.publicHost);
  return { callback: hop.location ?? hop.url, login, consent };
}

async function flowSuite(backend) {
  const t = await startTessera(backend);
  const receivedLogoutTokens = [];
  const backchannel = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      receivedLogoutTokens.push(new URLSearchParams(body).get('logout_token'));
      res.writeHead(200).end();
    });
  });
  const backchannelPort = await freePort();
  await new Promise((r) => backchannel.listen(backchannelPort, '127.0.0.1', r));
  try {
    const { data: web } = await t.admin.createOAuth2Client({
      oAuth2Client: {
        client_name: 'e2e web', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
        scope: 'openid offline_access profile email', redirect_uris: [CALLBACK], post_logout_redirect_uris: [LOGGED_OUT],
        backchannel_logout_uri: `http://127.0.0.1:${backchannelPort}/logout`, token_endpoint_auth_method: 'client_secret_basic',
      },
    });
    assert.ok(web.client_secret, 'the secret is returned on create');
    const rp = await oidc.discovery(new URL(t.issuer), web.client_id, web.client_secret, oidc.ClientSecretBasic(web.client_secret), { execute: [oidc.allowInsecureRequests] });
    assert.equal(rp.serverMetadata().issuer, t.issuer);
    assert.deepEqual(rp.serverMetadata().code_challenge_methods_supported, ['S256']);

    // Authorization code + PKCE, strict ID token validation by openid-client.
    const browser = new Browser();
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: CALLBACK, scope: 'openid offline_access', state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const { callback } = await authorize(t, browser, url.href, { remember: true, expectLoginSkip: false });
    assert.ok(callback.startsWith(CALLBACK), callback);
    assert.equal(new URL(callback).searchParams.get('iss'), t.issuer);
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    const claims = tokens.claims();
    assert.equal(claims.sub, 'alice@example.com');
    assert.equal(claims.email, 'alice@example.com');
    assert.equal(claims.acr, 'urn:e2e:1');
    assert.ok(claims.sid);
    assert.ok(tokens.refresh_token.startsWith('ory_rt_'));

    // Userinfo, introspection.
    const userinfo = await oidc.fetchUserInfo(rp, tokens.access_token, claims.sub);
    assert.equal(userinfo.email, 'alice@example.com');
    const introspected = (await t.admin.introspectOAuth2Token({ token: tokens.access_token })).data;
    assert.equal(introspected.active, true);
    assert.equal(introspected.sub, 'alice@example.com');
    assert.equal(introspected.client_id, web.client_id);
    assert.equal(introspected.ext.role, 'reader');

    // A replayed code fails and revokes the tokens issued from it.
    const replay = await rejected(oidc.authorizationCodeGrant(rp, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }));
    assert.equal(replay.error, 'invalid_grant');
    assert.equal((await t.admin.introspectOAuth2Token({ token: tokens.access_token })).data.active, false);

    // Refresh rotation and reuse detection on a fresh grant (remembered login: skip).
    const second = await authorize(t, browser, oidc.buildAuthorizationUrl(rp, { redirect_uri: CALLBACK, scope: 'openid offline_access', state, nonce }).href, { expectLoginSkip: true });
    const grant2 = await oidc.authorizationCodeGrant(rp, new URL(second.callback), { expectedState: state, expectedNonce: nonce });
    const rotated = await oidc.refreshTokenGrant(rp, grant2.refresh_token);
    assert.notEqual(rotated.refresh_token, grant2.refresh_token);
    assert.equal(rotated.claims().sub, 'alice@example.com');
    // A narrower scope goes to the new access token; the refresh token keeps the whole grant (RFC 6749 §6).
    const narrowed = await oidc.refreshTokenGrant(rp, rotated.refresh_token, { scope: 'offline_access' });
    assert.equal(narrowed.scope, 'offline_access');
    assert.equal(narrowed.id_token, undefined);
    const widened = await oidc.refreshTokenGrant(rp, narrowed.refresh_token, { scope: 'openid offline_access' });
    assert.equal(widened.claims().sub, 'alice@example.com');
    const beyond = await rejected(oidc.refreshTokenGrant(rp, widened.refresh_token, { scope: 'openid profile' }));
    assert.equal(beyond.error, 'invalid_scope');
    const reuse = await rejected(oidc.refreshTokenGrant(rp, grant2.refresh_token));
    assert.equal(reuse.error, 'invalid_grant');
    assert.equal((await t.admin.introspectOAuth2Token({ token: rotated.access_token })).data.active, false);

    // Revocation.
    const third = await authorize(t, browser, oidc.buildAuthorizationUrl(rp, { redirect_uri: CALLBACK, scope: 'openid offline_access', state, nonce }).href);
    const grant3 = await oidc.authorizationCodeGrant(rp, new URL(third.callback), { expectedState: state, expectedNonce: nonce });
    await oidc.tokenRevocation(rp, grant3.refresh_token);
    assert.equal((await t.admin.introspectOAuth2Token({ token: grant3.access_token })).data.active, false);

    // Rejection paths: the consent app says no.
    let hop = await browser.follow(oidc.buildAuthorizationUrl(rp, { redirect_uri: CALLBACK, scope: 'openid', state, nonce, prompt: 'consent' }).href, t.publicHost);
    const loginChallenge = new URL(hop.location).searchParams.get('login_challenge');
    hop = await browser.follow((await t.admin.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'alice@example.com' } })).data.redirect_to, t.publicHost);
    const consentChallenge = new URL(hop.location).searchParams.get('consent_challenge');
    hop = await browser.follow((await t.admin.rejectOAuth2ConsentRequest({ consentChallenge, rejectOAuth2Request: { error: 'access_denied', error_description: 'no thanks' } })).data.redirect_to, t.publicHost);
    const denied = new URL(hop.location);
    assert.equal(denied.searchParams.get('error'), 'access_denied');
    assert.equal(denied.searchParams.get('state'), state);
    assert.equal(denied.searchParams.get('iss'), t.issuer);
    const used = await rejected(t.admin.getOAuth2ConsentRequest({ consentChallenge }));
    assert.equal(used.response.status, 410);

    // An unregistered redirect URI is never redirected to.
    hop = await browser.open(oidc.buildAuthorizationUrl(rp, { redirect_uri: 'http://evil.invalid/cb', scope: 'openid', state }).href);
    assert.ok(hop.location.startsWith(`${t.issuer}oauth2/fallbacks/error`), hop.location);

    // PKCE is S256 only (RFC 9700 §2.1.1): plain, or a challenge without a method, is refused at the client.
    for (const method of ['plain', undefined]) {
      const parameters = { redirect_uri: CALLBACK, scope: 'openid', state, code_challenge: verifier };
      if (method) parameters.code_challenge_method = method;
      hop = await browser.open(oidc.buildAuthorizationUrl(rp, parameters).href);
      const refused = new URL(hop.location);
      assert.equal(`${refused.origin}${refused.pathname}`, CALLBACK);
      assert.equal(refused.searchParams.get('error'), 'invalid_request');
      assert.match(refused.searchParams.get('error_description'), /plain is not allowed/);
    }

    // Client credentials.
    const { data: service } = await t.admin.createOAuth2Client({ oAuth2Client: { grant_types: ['client_credentials'], scope: 'read write', audience: ['https://api.example'] } });
    const m2m = await oidc.discovery(new URL(t.issuer), service.client_id, service.client_secret, oidc.ClientSecretBasic(service.client_secret), { execute: [oidc.allowInsecureRequests] });
    const cc = await oidc.clientCredentialsGrant(m2m, { scope: 'read', audience: 'https://api.example' });
    assert.equal(cc.scope, 'read');
    const ccIntrospected = (await t.admin.introspectOAuth2Token({ token: cc.access_token })).data;
    assert.deepEqual(ccIntrospected.aud, ['https://api.example']);
    assert.equal(ccIntrospected.sub, service.client_id);
    // A wrong secret is answered as an unknown client is: nothing tells that the client exists.
    const wrongSecret = await oidc.discovery(new URL(t.issuer), service.client_id, 'wrong', oidc.ClientSecretBasic('wrong'), { execute: [oidc.allowInsecureRequests] });
    const unknownClient = await oidc.discovery(new URL(t.issuer), 'no-such-client', 'wrong', oidc.ClientSecretBasic('wrong'), { execute: [oidc.allowInsecureRequests] });
    const [wrong, unknown] = [await rejected(oidc.clientCredentialsGrant(wrongSecret, { scope: 'read' })), await rejected(oidc.clientCredentialsGrant(unknownClient, { scope: 'read' }))];
    assert.equal(wrong.status, 401);
    assert.deepEqual([wrong.status, wrong.error, wrong.error_description], [unknown.status, unknown.error, unknown.error_description]);

    // Without an id_token_hint, a state (or post_logout_redirect_uri) is refused, as Hydra does.
    hop = await browser.open(`${t.issuer}oauth2/sessions/logout?state=logout-state`);
    assert.ok(hop.location.startsWith(`${t.issuer}oauth2/fallbacks/error`), hop.location);

    // RP-initiated logout with back-channel delivery.
    const fourth = await authorize(t, browser, oidc.buildAuthorizationUrl(rp, { redirect_uri: CALLBACK, scope: 'openid', state, nonce }).href);
    const grant4 = await oidc.authorizationCodeGrant(rp, new URL(fourth.callback), { expectedState: state, expectedNonce: nonce });
    hop = await browser.follow(oidc.buildEndSessionUrl(rp, { id_token_hint: grant4.id_token, post_logout_redirect_uri: LOGGED_OUT, state: 'logout-state' }).href, t.publicHost);
    const logoutChallenge = new URL(hop.location).searchParams.get('logout_challenge');
    const logoutRequest = (await t.admin.getOAuth2LogoutRequest({ logoutChallenge })).data;
    assert.equal(logoutRequest.subject, 'alice@example.com');
    assert.equal(logoutRequest.rp_initiated, true);
    hop = await browser.follow((await t.admin.acceptOAuth2LogoutRequest({ logoutChallenge })).data.redirect_to, t.publicHost);
    assert.equal(hop.location, `${LOGGED_OUT}?state=logout-state`);
    assert.ok(receivedLogoutTokens.length >= 1, 'the client got a back-channel logout token');
    const logoutClaims = JSON.parse(Buffer.from(receivedLogoutTokens.at(-1).split('.')[1], 'base64url'));
    assert.equal(logoutClaims.sid, grant4.claims().sid);
    assert.ok(logoutClaims.events['http://schemas.openid.net/event/backchannel-logout']);
    // After logout the login is no longer skipped.
    hop = await browser.follow(oidc.buildAuthorizationUrl(rp, { redirect_uri: CALLBACK, scope: 'openid', state }).href, t.publicHost);
    assert.equal((await t.admin.getOAuth2LoginRequest({ loginChallenge: new URL(hop.location).searchParams.get('login_challenge') })).data.skip, false);

    // Session administration: consent sessions listed and revoked (their tokens with them), login
    // sessions ended, a client's tokens deleted.
    const fifth = await authorize(t, browser, oidc.buildAuthorizationUrl(rp, { redirect_uri: CALLBACK, scope: 'openid offline_access', state, nonce }).href, { remember: true });
    const grant5 = await oidc.authorizationCodeGrant(rp, new URL(fifth.callback), { expectedState: state, expectedNonce: nonce });
    const sessions = (await t.admin.listOAuth2ConsentSessions({ subject: 'alice@example.com', pageSize: 1 }));
    assert.equal(sessions.data.length, 1);
    assert.equal(sessions.data[0].consent_request.client.client_id, web.client_id);
    assert.match(sessions.headers.link ?? '', /rel="next"/);
    const badCombination = await rejected(t.admin.revokeOAuth2ConsentSessions({ subject: 'alice@example.com' }));
    assert.equal(badCombination.response.status, 400);
    assert.equal((await t.admin.revokeOAuth2ConsentSessions({ subject: 'alice@example.com', client: web.client_id })).status, 204);
    assert.deepEqual((await t.admin.listOAuth2ConsentSessions({ subject: 'alice@example.com' })).data, []);
    assert.equal((await t.admin.introspectOAuth2Token({ token: grant5.access_token })).data.active, false);
    assert.equal((await t.admin.revokeOAuth2LoginSessions({ subject: 'alice@example.com' })).status, 204);
    hop = await browser.follow(oidc.buildAuthorizationUrl(rp, { redirect_uri: CALLBACK, scope: 'openid', state }).href, t.publicHost);
    assert.equal((await t.admin.getOAuth2LoginRequest({ loginChallenge: new URL(hop.location).searchParams.get('login_challenge') })).data.skip, false);
    const cc2 = await oidc.clientCredentialsGrant(m2m, { scope: 'read' });
    assert.equal((await t.admin.deleteOAuth2Token({ clientId: service.client_id })).status, 204);
    assert.equal((await t.admin.introspectOAuth2Token({ token: cc2.access_token })).data.active, false);

    // Device flow (RFC 8628).
    const { data: tv } = await t.admin.createOAuth2Client({
      oAuth2Client: { grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'], scope: 'openid offline_access', token_endpoint_auth_method: 'none' },
    });
    const device = await oidc.discovery(new URL(t.issuer), tv.client_id, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const deviceAuth = await oidc.initiateDeviceAuthorization(device, { scope: 'openid offline_access' });
    const deviceBrowser = new Browser();
    hop = await deviceBrowser.open(deviceAuth.verification_uri_complete);
    const deviceChallenge = new URL(hop.location).searchParams.get('device_challenge');
    assert.equal(new URL(hop.location).searchParams.get('user_code'), deviceAuth.user_code);
    const deviceAccepted = (await t.admin.acceptUserCodeRequest({ deviceChallenge, acceptDeviceUserCodeRequest: { user_code: deviceAuth.user_code } })).data;
    const deviceResult = await authorize(t, deviceBrowser, deviceAccepted.redirect_to);
    assert.equal(deviceResult.callback, `${t.issuer}oauth2/fallbacks/device/done`);
    const deviceTokens = await oidc.pollDeviceAuthorizationGrant(device, { ...deviceAuth, interval: 0 });
    assert.equal(deviceTokens.claims().sub, 'alice@example.com');
    assert.ok(deviceTokens.refresh_token);
  } finally {
    backchannel.close();
    await t.server.stop();
  }
}

for (const backend of backends) {
  test(`authorization code + PKCE, refresh rotation, revocation, rejection, logout, device flow on ${backend}`, () => flowSuite(backend));
}
