// OAuth 2.0 client administration through @ory/hydra-client and dynamic client registration
// (RFC 7591/7592) with plain fetch, against the real binary on SQLite and, when PostgreSQL 15 is
// on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { run, serveOAuth2, tempDir, sdkFailure as failure } from './lib/tessera.mjs';
import { databasesFor } from './lib/databases.mjs';

const migratedDsn = databasesFor(['sqlite', 'postgres'], { before, after, run });

async function startTessera(dsn, { registration = true, env = {} } = {}) {
  const migrated = await run(['migrate', 'sql', dsn, '--yes']);
  assert.equal(migrated.code, 0, migrated.stderr);
  const t = await serveOAuth2({
    dsn,
    secret: 'e2e-secret-e2e-secret-0001',
    env: (urls) => ({ URLS_SELF_PUBLIC: `${urls.public}/`, OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: String(registration), ...env }),
  });
  return { server: t.server, api: new OAuth2Api(new Configuration({ basePath: t.admin })), admin: t.admin, public: t.public };
}

async function adminApi(t) {
  const { api, admin } = t;
  const owner = `owner-${Date.now()}`;

  // Create: ids and secrets generated unless chosen, the secret shown once.
  const created = [];
  for (let i = 0; i < 3; i++) {
    const res = await api.createOAuth2Client({
      oAuth2Client: { client_name: `app-${i}`, owner, redirect_uris: ['https://app.example/cb'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], scope: 'openid offline', metadata: { n: i } },
    });
    assert.equal(res.status, 201);
    assert.match(res.data.client_id, /^[0-9a-f-]{36}$/);
    assert.equal(res.data.client_secret.length, 26);
    assert.equal(res.data.token_endpoint_auth_method, 'client_secret_basic');
    assert.match(res.data.registration_access_token, /^ory_at_/);
    assert.equal(res.data.registration_client_uri, `${t.public}/oauth2/register/${res.data.client_id}`);
    assert.ok(Date.parse(res.data.created_at) > 0);
    created.push(res.data);
  }
  const chosen = await api.createOAuth2Client({ oAuth2Client: { client_id: `mine-${owner}`, client_secret: 'a-chosen-secret', owner, token_endpoint_auth_method: 'client_secret_post', grant_types: ['client_credentials'] } });
  assert.equal(chosen.data.client_id, `mine-${owner}`);
  assert.equal(chosen.data.client_secret, 'a-chosen-secret');
  assert.equal((await failure(api.createOAuth2Client({ oAuth2Client: { client_id: `mine-${owner}` } }))).status, 409);
  const publicClient = await api.createOAuth2Client({ oAuth2Client: { owner: `${owner}-spa`, token_endpoint_auth_method: 'none', redirect_uris: ['http://localhost:5173/cb'] } });
  assert.equal(publicClient.data.client_secret, undefined);

  // Get: never the secret.
  const got = (await api.getOAuth2Client({ id: created[1].client_id })).data;
  assert.equal(got.client_name, 'app-1');
  assert.deepEqual(got.metadata, { n: 1 });
  assert.equal(got.client_secret, undefined);
  assert.equal(got.registration_access_token, undefined);
  assert.equal((await failure(api.getOAuth2Client({ id: 'does-not-exist' }))).status, 404);

  // List: pages of 2 with first and next links, filters by owner and name.
  const first = await api.listOAuth2Clients({ pageSize: 2, owner });
  assert.equal(first.data.length, 2);
  assert.match(first.headers.link, /rel="first"/);
  const next = first.headers.link.match(/<([^>]+)>; rel="next"/)[1];
  const token = new URL(next, admin).searchParams.get('page_token');
  assert.equal(new URL(next, admin).searchParams.get('owner'), owner);
  const second = await api.listOAuth2Clients({ pageSize: 2, pageToken: token, owner });
  assert.equal(second.data.length, 2);
  assert.doesNotMatch(second.headers.link, /rel="next"/);
  assert.deepEqual([...first.data, ...second.data].map((c) => c.client_id).sort(), [...created.map((c) => c.client_id), `mine-${owner}`].sort());
  assert.ok([...first.data, ...second.data].every((c) => c.client_secret === undefined));
  const byName = await api.listOAuth2Clients({ clientName: 'app-2', owner });
  assert.deepEqual(byName.data.map((c) => c.client_id), [created[2].client_id]);
  // Hydra's page sizes (ory/x keysetpagination v2): zero means the default of 100, more than 500 is served as 500.
  assert.match((await api.listOAuth2Clients({ pageSize: 0 })).headers.link, /page_size=100>; rel="first"/);
  assert.match((await api.listOAuth2Clients({ pageSize: 1000 })).headers.link, /page_size=500>; rel="first"/);

  // Set: replaces the document, keeps the secret unless a new one is given (then shown once).
  const set = await api.setOAuth2Client({ id: created[0].client_id, oAuth2Client: { ...created[0], client_secret: undefined, client_name: 'renamed', contacts: ['ops@app.example'] } });
  assert.equal(set.data.client_name, 'renamed');
  assert.equal(set.data.client_secret, undefined);
  assert.equal(set.data.created_at, created[0].created_at);
  const rotated = await api.setOAuth2Client({ id: created[0].client_id, oAuth2Client: { ...set.data, client_secret: 'brand-new-secret' } });
  assert.equal(rotated.data.client_secret, 'brand-new-secret');
  assert.equal((await failure(api.setOAuth2Client({ id: 'does-not-exist', oAuth2Client: {} }))).status, 404);

  // Patch: RFC 6902 on the document, then validated like set.
  const patched = await api.patchOAuth2Client({
    id: created[1].client_id,
    jsonPatch: [
      { op: 'test', path: '/client_name', value: 'app-1' },
      { op: 'replace', path: '/client_name', value: 'patched' },
      { op: 'add', path: '/redirect_uris/-', value: 'https://app.example/other' },
      { op: 'remove', path: '/metadata/n' },
    ],
  });
  assert.equal(patched.data.client_name, 'patched');
  assert.deepEqual(patched.data.redirect_uris, ['https://app.example/cb', 'https://app.example/other']);
  assert.deepEqual(patched.data.metadata, {});
  const failedTest = await failure(api.patchOAuth2Client({ id: created[1].client_id, jsonPatch: [{ op: 'test', path: '/client_name', value: 'app-1' }] }));
  assert.equal(failedTest.status, 400);
  const badRedirect = await failure(api.patchOAuth2Client({ id: created[1].client_id, jsonPatch: [{ op: 'add', path: '/redirect_uris/-', value: 'https://app.example/#frag' }] }));
  assert.equal(badRedirect.status, 400);
  assert.equal(badRedirect.data.error, 'invalid_redirect_uri');
  assert.equal((await api.getOAuth2Client({ id: created[1].client_id })).data.redirect_uris.length, 2);
  const secretPatch = await api.patchOAuth2Client({ id: created[1].client_id, jsonPatch: [{ op: 'add', path: '/client_secret', value: 'patched-secret' }] });
  assert.equal(secretPatch.data.client_secret, 'patched-secret');
  assert.equal((await failure(api.patchOAuth2Client({ id: created[1].client_id, jsonPatch: [{ op: 'replace', path: '/client_id', value: 'other' }] }))).status, 400);
  assert.equal((await failure(api.patchOAuth2Client({ id: 'does-not-exist', jsonPatch: [] }))).status, 404);

  // Lifespans: replaced as a set.
  const lifespans = await api.setOAuth2ClientLifespans({ id: created[2].client_id, oAuth2ClientTokenLifespans: { client_credentials_grant_access_token_lifespan: '2h', refresh_token_grant_refresh_token_lifespan: '720h' } });
  assert.equal(lifespans.data.client_credentials_grant_access_token_lifespan, '2h');
  assert.equal(lifespans.data.refresh_token_grant_refresh_token_lifespan, '720h');
  assert.equal(lifespans.data.client_name, 'app-2');
  const badLifespan = await failure(api.setOAuth2ClientLifespans({ id: created[2].client_id, oAuth2ClientTokenLifespans: { implicit_grant_access_token_lifespan: 'forever' } }));
  assert.equal(badLifespan.data.error, 'invalid_client_metadata');
  assert.match(badLifespan.data.error_description, /implicit_grant_access_token_lifespan/);

  // Validation failures answer Hydra's error body and store nothing.
  for (const [client, error, field] of [
    [{ redirect_uris: ['https://app.example/cb#top'], client_id: `x1-${owner}` }, 'invalid_redirect_uri', /fragments/],
    [{ redirect_uris: ['/relative'], client_id: `x7-${owner}` }, 'invalid_redirect_uri', /Unable to parse/],
    [{ token_endpoint_auth_method: 'private_key_jwt', client_id: `x2-${owner}` }, 'invalid_client_metadata', /jwks/],
    [{ grant_types: ['client_credentials'], response_types: ['code'], client_id: `x3-${owner}` }, 'invalid_client_metadata', /authorization_code/],
    [{ subject_type: 'pairwise', client_id: `x4-${owner}` }, 'invalid_client_metadata', /Subject type pairwise/],
    [{ access_token_strategy: 'paper', client_id: `x5-${owner}` }, 'invalid_client_metadata', /access token strategy/],
    [{ client_secret: 'short', client_id: `x6-${owner}` }, 'invalid_client_metadata', /client_secret/],
  ]) {
    const refused = await failure(api.createOAuth2Client({ oAuth2Client: client }));
    assert.equal(refused.status, 400);
    assert.equal(refused.data.error, error);
    assert.match(refused.data.error_description, field);
    assert.equal((await failure(api.getOAuth2Client({ id: client.client_id }))).status, 404);
  }
  const unknown = await fetch(`${admin}/admin/clients`, { method: 'POST', body: JSON.stringify({ nonsense: true }) });
  assert.equal(unknown.status, 400);
  assert.match((await unknown.json()).error_description, /nonsense/);

  // The v1 alias and delete.
  assert.equal((await fetch(`${admin}/clients/${created[2].client_id}`)).status, 200);
  assert.equal((await api.deleteOAuth2Client({ id: created[2].client_id })).status, 204);
  assert.equal((await failure(api.getOAuth2Client({ id: created[2].client_id }))).status, 404);
  assert.equal((await failure(api.deleteOAuth2Client({ id: created[2].client_id }))).status, 404);
}

async function dynamicRegistration(t) {
  const register = `${t.public}/oauth2/register`;
  const json = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  const res = await fetch(register, json({ client_name: 'self-service', redirect_uris: ['https://rp.example/cb'], grant_types: ['authorization_code'] }));
  assert.equal(res.status, 201);
  const client = await res.json();
  assert.equal(client.client_secret.length, 26);
  assert.match(client.registration_access_token, /^ory_at_/);
  assert.equal(client.registration_client_uri, `${register}/${client.client_id}`);
  assert.equal(client.scope, 'offline_access offline openid');
  const bearer = (token) => ({ Authorization: `Bearer ${token}` });

  // Fields only an administrator may set, and self-chosen secrets, are refused.
  const withMetadata = await fetch(register, json({ metadata: { a: 1 } }));
  assert.equal(withMetadata.status, 400);
  assert.equal((await withMetadata.json()).error, 'invalid_client_metadata');
  assert.equal((await fetch(register, json({ client_secret: 'my-own-secret' }))).status, 400);
  assert.equal((await fetch(register, json({ skip_consent: true }))).status, 400);

  // Read with the token; wrong or missing tokens get 401.
  const read = await fetch(`${register}/${client.client_id}`, { headers: bearer(client.registration_access_token) });
  assert.equal(read.status, 200);
  const readBody = await read.json();
  assert.equal(readBody.client_name, 'self-service');
  assert.equal(readBody.client_secret, undefined);
  assert.equal((await fetch(`${register}/${client.client_id}`)).status, 401);
  assert.equal((await fetch(`${register}/${client.client_id}`, { headers: bearer('ory_at_forged.signature') })).status, 401);

  // Update rotates the registration access token.
  const put = await fetch(`${register}/${client.client_id}`, { method: 'PUT', headers: { ...bearer(client.registration_access_token), 'Content-Type': 'application/json' }, body: JSON.stringify({ client_name: 'renamed', redirect_uris: ['https://rp.example/cb'] }) });
  assert.equal(put.status, 200);
  const updated = await put.json();
  assert.equal(updated.client_name, 'renamed');
  assert.notEqual(updated.registration_access_token, client.registration_access_token);
  assert.equal((await fetch(`${register}/${client.client_id}`, { headers: bearer(client.registration_access_token) })).status, 401);
  const secretPut = await fetch(`${register}/${client.client_id}`, { method: 'PUT', headers: bearer(updated.registration_access_token), body: JSON.stringify({ client_secret: 'my-own-secret' }) });
  assert.equal(secretPut.status, 403);

  // The admin API sees the same client; delete through registration removes it.
  assert.equal((await t.api.getOAuth2Client({ id: client.client_id })).data.client_name, 'renamed');
  assert.equal((await fetch(`${register}/${client.client_id}`, { method: 'DELETE', headers: bearer(updated.registration_access_token) })).status, 204);
  assert.equal((await failure(t.api.getOAuth2Client({ id: client.client_id }))).status, 404);
}

test('clients and dynamic registration on SQLite', async () => {
  const dir = tempDir();
  const t = await startTessera(`sqlite://${dir.path}/tessera.sqlite?_fk=true`);
  try {
    await adminApi(t);
    await dynamicRegistration(t);
  } finally {
    await t.server.stop();
    dir.remove();
  }
});

test('dynamic registration is off unless enabled', async () => {
  const dir = tempDir();
  const t = await startTessera(`sqlite://${dir.path}/tessera.sqlite?_fk=true`, { registration: false });
  try {
    const res = await fetch(`${t.public}/oauth2/register`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 404);
    assert.equal((await res.json()).error_description, 'Dynamic registration is not enabled.');
    assert.equal((await fetch(`${t.public}/oauth2/register/x`, { headers: { Authorization: 'Bearer x' } })).status, 404);
  } finally {
    await t.server.stop();
    dir.remove();
  }
});

test('sector identifier URIs are fetched, and private addresses refused when configured', async () => {
  const sectorServer = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(req.url === '/sector' ? ['https://rp.example/cb', 'https://rp.example/other'] : ['https://elsewhere.example/cb']));
  });
  await new Promise((r) => sectorServer.listen(0, '127.0.0.1', r));
  const sector = `http://127.0.0.1:${sectorServer.address().port}`;
  const dir = tempDir();
  const t = await startTessera(`sqlite://${dir.path}/tessera.sqlite?_fk=true`, {
    env: { OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'public,pairwise', OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: 'e2e-pairwise-salt' },
  });
  try {
    // Dev mode lets a plain-http sector document be fetched.
    const ok = await t.api.createOAuth2Client({ oAuth2Client: { subject_type: 'pairwise', sector_identifier_uri: `${sector}/sector`, redirect_uris: ['https://rp.example/cb'] } });
    assert.equal(ok.status, 201);
    assert.equal(ok.data.sector_identifier_uri, `${sector}/sector`);
    const missing = await failure(t.api.createOAuth2Client({ oAuth2Client: { subject_type: 'pairwise', sector_identifier_uri: `${sector}/other`, redirect_uris: ['https://rp.example/cb'] } }));
    assert.equal(missing.status, 400);
    assert.match(missing.data.error_description, /does not match values from sector_identifier_uri/);
  } finally {
    await t.server.stop();
    sectorServer.close();
  }

  const guarded = await startTessera(`sqlite://${dir.path}/guarded.sqlite?_fk=true`, {
    env: { CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true', CLIENTS_HTTP_PRIVATE_IP_EXCEPTION_URLS: 'http://127.0.0.1:9/allowed.json' },
  });
  try {
    const refused = await failure(guarded.api.createOAuth2Client({ oAuth2Client: { token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'http://127.0.0.1:9/jwks.json' } }));
    assert.equal(refused.status, 400);
    assert.match(refused.data.error_description, /Client IP address is not allowed: jwks_uri/);
    const allowed = await guarded.api.createOAuth2Client({ oAuth2Client: { token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'http://127.0.0.1:9/allowed.json' } });
    assert.equal(allowed.status, 201);
  } finally {
    await guarded.server.stop();
    dir.remove();
  }
});

test('clients and dynamic registration on PostgreSQL', async () => {
  const t = await startTessera(await migratedDsn('postgres'));
  try {
    await adminApi(t);
    await dynamicRegistration(t);
  } finally {
    await t.server.stop();
  }
});
