// The @ory/hydra-client calls the other oauth2 suites make by hand or not at all, through the SDK against the AOT
// binary (SQLite file): health and version, OpenID discovery, dynamic client registration managed with its
// registration access token (RFC 7592), and replacing a JSON web key set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, JwkApi, MetadataApi, OidcApi } from '@ory/hydra-client';
import { exportJWK, generateKeyPair } from 'jose';
import { run, serveOAuth2, tempDir, sdkFailure } from './lib/tessera.mjs';

let dir, t;

before(async () => {
  dir = tempDir();
  const dsn = `sqlite://${dir.path}/tessera.sqlite?_fk=true`;
  const migrated = await run(['migrate', 'sql', dsn, '--yes']);
  assert.equal(migrated.code, 0, migrated.stderr);
  t = await serveOAuth2({ dsn, env: (urls) => ({ URLS_SELF_ISSUER: `${urls.public}/`, OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: 'true' }) });
});

after(async () => {
  await t?.server.stop();
  dir?.remove();
});

test('health and version through the SDK, on both listeners', async () => {
  for (const basePath of [t.public, t.admin]) {
    const metadata = new MetadataApi(new Configuration({ basePath }));
    assert.deepEqual((await metadata.isAlive()).data, { status: 'ok' });
    assert.deepEqual((await metadata.isReady()).data, { status: 'ok' });
  }
  assert.equal(typeof (await new MetadataApi(new Configuration({ basePath: t.admin })).getVersion()).data.version, 'string');
});

test('OpenID discovery through the SDK', async () => {
  const discovery = (await new OidcApi(new Configuration({ basePath: t.public })).discoverOidcConfiguration()).data;
  assert.equal(discovery.issuer, `${t.public}/`);
  assert.equal(discovery.token_endpoint, `${t.public}/oauth2/token`);
  assert.equal(discovery.registration_endpoint, `${t.public}/oauth2/register`);
  assert.ok(discovery.response_types_supported.includes('code'));
});

test('a dynamically registered client is read, replaced and deleted with its registration access token', async () => {
  const oidc = new OidcApi(new Configuration({ basePath: t.public }));
  const created = await oidc.createOidcDynamicClient({ oAuth2Client: { client_name: 'sdk-registered', redirect_uris: ['https://rp.example/cb'] } });
  assert.equal(created.status, 201);
  const { client_id: id, registration_access_token: token } = created.data;

  const withToken = (accessToken) => new OidcApi(new Configuration({ basePath: t.public, accessToken }));
  assert.equal((await withToken(token).getOidcDynamicClient({ id })).data.client_name, 'sdk-registered');
  assert.equal((await sdkFailure(withToken('ory_at_forged.signature').getOidcDynamicClient({ id }))).status, 401);

  const replaced = await withToken(token).setOidcDynamicClient({ id, oAuth2Client: { client_name: 'sdk-renamed', redirect_uris: ['https://rp.example/cb'] } });
  assert.equal(replaced.status, 200);
  assert.equal(replaced.data.client_name, 'sdk-renamed');
  const rotated = replaced.data.registration_access_token;
  assert.notEqual(rotated, token);

  assert.equal((await withToken(rotated).deleteOidcDynamicClient({ id })).status, 204);
  assert.equal((await sdkFailure(withToken(rotated).getOidcDynamicClient({ id }))).status, 401);
});

test('a JSON web key set is replaced through the SDK and served as written', async () => {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const key = { ...(await exportJWK(privateKey)), kid: 'sdk-es256', alg: 'ES256', use: 'sig' };
  const jwk = new JwkApi(new Configuration({ basePath: t.admin }));
  const set = await jwk.setJsonWebKeySet({ set: 'sdk-set', jsonWebKeySet: { keys: [key] } });
  assert.equal(set.status, 200);
  assert.deepEqual(set.data.keys.map((k) => k.kid), ['sdk-es256']);
  const read = (await jwk.getJsonWebKeySet({ set: 'sdk-set' })).data;
  assert.deepEqual(read.keys.map((k) => [k.kid, k.kty, k.crv]), [['sdk-es256', 'EC', 'P-256']]);
});
