// The proxy's OAuth 2.0 handlers against the real oauth2 service (both AOT): oauth2_introspection of
// opaque tokens, jwt with the service's published keys, oauth2_client_credentials against its token
// endpoint, and the id_token mutator verified with jose against the proxy's /.well-known/jwks.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { serveOAuth2, tempDir } from './lib/tessera.mjs';
import { startEchoUpstream, serveProxy, eventually, replaceFile } from './lib/proxy.mjs';
import { generateKeyPairSync } from 'node:crypto';

let dir, upstream, oauth2, proxy, opaque, jwtClient;

async function createClient(admin, extra) {
  const res = await fetch(`${admin}/admin/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_types: ['client_credentials'], scope: 'read write', token_endpoint_auth_method: 'client_secret_basic', ...extra }),
  });
  assert.equal(res.status, 201);
  return await res.json();
}

function basic(client) {
  return 'Basic ' + Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64');
}

async function token(client, scope) {
  const res = await fetch(`${oauth2.public}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client) },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).access_token;
}

function rule(id, prefix, authenticator, extra = {}) {
  return {
    id,
    match: { url: `http://<[^/]+>/${prefix}/<.*>`, methods: ['GET'] },
    upstream: { url: upstream.url },
    authenticators: [authenticator],
    authorizer: { handler: 'allow' },
    mutators: [{ handler: 'header' }],
    ...extra,
  };
}

before(async () => {
  dir = tempDir('tessera-e2e-proxy-oauth2-');
  upstream = await startEchoUpstream();
  // Hydra publishes only the ID token keys by default; JWT access tokens need their set broadcast too.
  oauth2 = await serveOAuth2({
    dsn: 'memory',
    env: (urls) => ({ URLS_SELF_ISSUER: urls.public, WEBFINGER_JWKS_BROADCAST_KEYS: 'hydra.openid.id-token,hydra.jwt.access-token' }),
  });
  opaque = await createClient(oauth2.admin, {});
  jwtClient = await createClient(oauth2.admin, { access_token_strategy: 'jwt' });

  // The id_token mutator's signing key: a private JWK set in a file.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKeys = path.join(dir.path, 'id_token.jwks.json');
  replaceFile(signingKeys, JSON.stringify({ keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'proxy-key-1', alg: 'RS256', use: 'sig' }] }));

  const rulesFile = path.join(dir.path, 'rules.json');
  replaceFile(rulesFile, JSON.stringify([
    rule('introspected', 'introspected', { handler: 'oauth2_introspection' }),
    rule('introspected-admin', 'introspected-admin', { handler: 'oauth2_introspection', config: { required_scope: ['admin'] } }),
    rule('jwt', 'jwt', { handler: 'jwt' }),
    rule('client-credentials', 'client-credentials', { handler: 'oauth2_client_credentials' }),
    rule('id-token', 'id-token', { handler: 'oauth2_introspection' }, { mutators: [{ handler: 'id_token' }] }),
  ]));

  proxy = await serveProxy({
    dir: dir.path,
    configText: `
access_rules:
  repositories: [file://${rulesFile}]
authenticators:
  oauth2_introspection:
    enabled: true
    config:
      introspection_url: ${oauth2.admin}/admin/oauth2/introspect
      scope_strategy: exact
      required_scope: [read]
      cache: { enabled: true, ttl: 30s }
  jwt:
    enabled: true
    config:
      jwks_urls: [${oauth2.public}/.well-known/jwks.json]
      trusted_issuers: [${oauth2.public}]
      scope_strategy: exact
      required_scope: [read]
  oauth2_client_credentials:
    enabled: true
    config:
      token_url: ${oauth2.public}/oauth2/token
      required_scope: [read]
authorizers:
  allow: { enabled: true }
mutators:
  header: { enabled: true, config: { headers: { X-User: "{{ print .Subject }}" } } }
  id_token:
    enabled: true
    config:
      issuer_url: https://proxy.example
      jwks_url: file://${signingKeys}
      ttl: 1m
      claims: '{"aud": ["https://api.example"], "scopes": "{{ print .Extra.scope }}"}'
`,
  });
  await eventually(async () => (await fetch(`${proxy.api}/health/ready`)).status === 200, { what: 'readiness' });
});

after(async () => {
  await proxy?.server.stop();
  await oauth2?.server.stop();
  await upstream?.close();
  dir?.remove();
});

test('oauth2_introspection admits an active opaque token with the scope and refuses the rest', async () => {
  const access = await token(opaque, 'read');
  const granted = await fetch(`${proxy.proxy}/introspected/a`, { headers: { authorization: `Bearer ${access}` } });
  assert.equal(granted.status, 200);
  assert.equal((await granted.json()).headers['x-user'], opaque.client_id);

  assert.equal((await fetch(`${proxy.proxy}/introspected/a`, { headers: { authorization: 'Bearer not-a-token' } })).status, 401);
  assert.equal((await fetch(`${proxy.proxy}/introspected/a`)).status, 401);
  assert.equal((await fetch(`${proxy.proxy}/introspected-admin/a`, { headers: { authorization: `Bearer ${access}` } })).status, 403);

  // Revoked at the oauth2 service: refused once the proxy's cache entry is gone (a new token is not cached).
  const revoked = await token(opaque, 'read');
  await fetch(`${oauth2.public}/oauth2/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(opaque) },
    body: new URLSearchParams({ token: revoked }),
  });
  assert.equal((await fetch(`${proxy.proxy}/introspected/a`, { headers: { authorization: `Bearer ${revoked}` } })).status, 401);
});

test('jwt admits a JWT access token signed with the published keys and refuses a forged one', async () => {
  const access = await token(jwtClient, 'read');
  const granted = await fetch(`${proxy.proxy}/jwt/a`, { headers: { authorization: `Bearer ${access}` } });
  assert.equal(granted.status, 200);
  assert.equal((await granted.json()).headers['x-user'], jwtClient.client_id);

  const [header, payload] = access.split('.');
  const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
  assert.equal((await fetch(`${proxy.proxy}/jwt/a`, { headers: { authorization: `Bearer ${forged}` } })).status, 401);
  const writeOnly = await token(jwtClient, 'write');
  assert.equal((await fetch(`${proxy.proxy}/jwt/a`, { headers: { authorization: `Bearer ${writeOnly}` } })).status, 401, 'a token without the required scope');
});

test('oauth2_client_credentials exchanges the Basic credentials at the token endpoint', async () => {
  const granted = await fetch(`${proxy.proxy}/client-credentials/a`, { headers: { authorization: basic(opaque) } });
  assert.equal(granted.status, 200);
  assert.equal((await granted.json()).headers['x-user'], opaque.client_id);
  const wrong = basic({ client_id: opaque.client_id, client_secret: 'wrong-secret' });
  assert.equal((await fetch(`${proxy.proxy}/client-credentials/a`, { headers: { authorization: wrong } })).status, 401);
});

test('id_token signs the session for the upstream; jose verifies it against the proxy\'s /.well-known/jwks.json', async () => {
  const access = await token(opaque, 'read');
  const res = await fetch(`${proxy.proxy}/id-token/a`, { headers: { authorization: `Bearer ${access}` } });
  assert.equal(res.status, 200);
  const forwarded = (await res.json()).headers.authorization;
  assert.match(forwarded, /^Bearer /);
  const keys = createRemoteJWKSet(new URL(`${proxy.api}/.well-known/jwks.json`));
  const { payload, protectedHeader } = await jwtVerify(forwarded.slice(7), keys, { issuer: 'https://proxy.example', audience: 'https://api.example' });
  assert.equal(protectedHeader.kid, 'proxy-key-1');
  assert.equal(payload.sub, opaque.client_id);
  assert.equal(payload.scopes, 'read');
  const published = await (await fetch(`${proxy.api}/.well-known/jwks.json`)).json();
  assert.ok(published.keys.every((k) => k.d === undefined && k.p === undefined), 'only public parts are published');
});
