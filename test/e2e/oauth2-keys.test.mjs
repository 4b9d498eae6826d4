// JSON Web Key administration and discovery through Ory's own SDK, against the AOT binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, JwkApi, WellknownApi } from '@ory/hydra-client';
import { run, serveOAuth2 } from './lib/tessera.mjs';
import { databasesFor } from './lib/databases.mjs';

const backends = ['sqlite', 'postgres'];
const migratedDsn = databasesFor(backends, { before, after, run });

async function startOAuth2(backend) {
  const t = await serveOAuth2({ dsn: await migratedDsn(backend) });
  return {
    server: t.server,
    admin: new JwkApi(new Configuration({ basePath: t.admin })),
    wellknown: new WellknownApi(new Configuration({ basePath: t.public })),
  };
}

async function status(promise) {
  try {
    return (await promise).status;
  } catch (e) {
    if (!e.response) throw e;
    return e.response.status;
  }
}

for (const backend of backends) test(`create, read, update and delete key sets with @ory/hydra-client on ${backend}`, async () => {
  const { server, admin, wellknown } = await startOAuth2(backend);
  try {
    const created = await admin.createJsonWebKeySet({ set: 'e2e', createJsonWebKeySet: { alg: 'ES256', use: 'sig', kid: 'first' } });
    assert.equal(created.status, 201);
    assert.equal(created.data.keys[0].kid, 'first');
    assert.equal(created.data.keys[0].crv, 'P-256');
    assert.ok(created.data.keys[0].d, 'the admin API returns private keys, as Hydra does');

    await admin.createJsonWebKeySet({ set: 'e2e', createJsonWebKeySet: { alg: 'RS256', use: 'sig', kid: 'second' } });
    const set = (await admin.getJsonWebKeySet({ set: 'e2e' })).data;
    assert.deepEqual(set.keys.map((k) => k.kid).sort(), ['first', 'second']);

    const one = (await admin.getJsonWebKey({ set: 'e2e', kid: 'second' })).data;
    assert.equal(one.keys[0].kty, 'RSA');

    const replacement = { ...set.keys.find((k) => k.kid === 'first'), use: 'enc' };
    const put = await admin.setJsonWebKey({ set: 'e2e', kid: 'first', jsonWebKey: replacement });
    assert.equal(put.data.use, 'enc');

    assert.equal(await status(admin.deleteJsonWebKey({ set: 'e2e', kid: 'second' })), 204);
    assert.equal(await status(admin.getJsonWebKey({ set: 'e2e', kid: 'second' })), 404);
    assert.equal(await status(admin.deleteJsonWebKeySet({ set: 'e2e' })), 204);
    assert.equal(await status(admin.getJsonWebKeySet({ set: 'e2e' })), 404);

    assert.equal(await status(admin.createJsonWebKeySet({ set: 'bad', createJsonWebKeySet: { alg: 'none', use: 'sig', kid: 'x' } })), 400);

    // Hostile and malformed input: a 400 with Ory's error body, nothing stored.
    const base = admin.configuration?.basePath ?? admin.basePath;
    for (const body of ['{not json', 'null', '{"keys": [{"kty": "RSA"}]}', '{"keys": [{"kty": "RSA", "kid": "k", "n": 5, "e": "AQAB"}]}']) {
      const res = await fetch(`${base}/admin/keys/hostile`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
      assert.equal(res.status, 400, body);
      assert.equal((await res.json()).error.code, 400);
    }
    assert.equal(await status(admin.getJsonWebKeySet({ set: 'hostile' })), 404);

    // Discovery shows the id-token keys created on first start, public members only.
    const discovered = (await wellknown.discoverJsonWebKeys()).data;
    assert.ok(discovered.keys.length >= 1);
    for (const key of discovered.keys) assert.equal(key.d, undefined);
  } finally {
    await server.stop();
  }
});
