// Hydra's token hook and JWT access token claim settings, configured the way Hydra users configure
// them (environment variables), against the real binary: openid-client asks for tokens, a local
// HTTP server is the hook, @ory/hydra-client administers and introspects.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import * as oidc from 'openid-client';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { run, serveOAuth2, tempDir } from './lib/tessera.mjs';

/** A token hook that records each call and answers with the claims it is given. */
async function startHook(answer) {
  const calls = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      calls.push({ headers: req.headers, body: JSON.parse(body) });
      const { status, json } = answer();
      res.writeHead(status, json ? { 'Content-Type': 'application/json' } : {});
      res.end(json ? JSON.stringify(json) : undefined);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { calls, url: `http://127.0.0.1:${server.address().port}/token-hook`, close: () => server.close() };
}

test('token hook claims reach introspection and JWT access tokens; a 403 refuses the token', async () => {
  let reply = { status: 200, json: { session: { access_token: { tenant: 'acme', roles: ['admin'] }, id_token: {} } } };
  const hook = await startHook(() => reply);
  after(() => hook.close());
  const dir = tempDir();
  after(() => dir.remove());
  const dsn = `sqlite://${dir.path}/hooks.sqlite`;
  const migrated = await run(['migrate', 'sql', dsn, '--yes']);
  assert.equal(migrated.code, 0, migrated.stderr);
  const { server, public: publicUrl, admin: adminUrl } = await serveOAuth2({
    dsn,
    secret: 'e2e-hooks-secret-0123456789',
    env: (urls) => ({
      URLS_SELF_ISSUER: `${urls.public}/`,
      STRATEGIES_ACCESS_TOKEN: 'jwt',
      OAUTH2_ALLOWED_TOP_LEVEL_CLAIMS: 'roles',
      OAUTH2_MIRROR_TOP_LEVEL_CLAIMS: 'false',
      OAUTH2_TOKEN_HOOK_URL: hook.url,
      OAUTH2_TOKEN_HOOK_AUTH_TYPE: 'api_key',
      OAUTH2_TOKEN_HOOK_AUTH_CONFIG_IN: 'header',
      OAUTH2_TOKEN_HOOK_AUTH_CONFIG_NAME: 'X-Hook-Key',
      OAUTH2_TOKEN_HOOK_AUTH_CONFIG_VALUE: 'hook-key-0123',
      OAUTH2_HASHERS_PBKDF2_ITERATIONS: '1000',
    }),
  });
  const issuer = `${publicUrl}/`;
  after(() => server.stop());
  const admin = new OAuth2Api(new Configuration({ basePath: adminUrl }));
  const client = (await admin.createOAuth2Client({ oAuth2Client: { grant_types: ['client_credentials'], scope: 'read' } })).data;
  const config = await oidc.discovery(new URL(issuer), client.client_id, undefined, oidc.ClientSecretBasic(client.client_secret), { execute: [oidc.allowInsecureRequests] });

  const tokens = await oidc.clientCredentialsGrant(config, { scope: 'read' });
  assert.equal(hook.calls.length, 1);
  const call = hook.calls[0];
  assert.equal(call.headers['x-hook-key'], 'hook-key-0123');
  assert.equal(call.body.request.client_id, client.client_id);
  assert.deepEqual(call.body.request.grant_types, ['client_credentials']);
  assert.deepEqual(call.body.request.granted_scopes, ['read']);
  assert.equal(call.body.request.client.client_secret, undefined);

  const payload = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString());
  assert.deepEqual(payload.roles, ['admin']);
  assert.deepEqual(payload.ext, { tenant: 'acme' });
  const introspected = (await admin.introspectOAuth2Token({ token: tokens.access_token })).data;
  assert.equal(introspected.active, true);
  assert.deepEqual(introspected.ext, { tenant: 'acme', roles: ['admin'] });

  reply = { status: 403 };
  await assert.rejects(oidc.clientCredentialsGrant(config, { scope: 'read' }), (e) => e.error === 'access_denied');
  assert.equal(hook.calls.length, 2);
});
