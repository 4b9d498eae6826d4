// Trusted JWT-bearer issuers through @ory/hydra-client, against the AOT binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { run, serveOAuth2 } from './lib/tessera.mjs';
import { databasesFor } from './lib/databases.mjs';

const backends = ['sqlite', 'postgres'];
const migratedDsn = databasesFor(backends, { before, after, run });

async function status(promise) {
  try {
    return (await promise).status;
  } catch (e) {
    if (!e.response) throw e;
    return e.response.status;
  }
}

function publicJwk(kid) {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
}

for (const backend of backends) test(`trust, list with paging, get and delete jwt-bearer issuers on ${backend}`, async () => {
  const { server, admin } = await serveOAuth2({ dsn: await migratedDsn(backend) });
  const api = new OAuth2Api(new Configuration({ basePath: admin }));
  try {
    const expires = new Date(Date.now() + 3600_000).toISOString();
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const created = await api.trustOAuth2JwtGrantIssuer({
        trustOAuth2JwtGrantIssuer: { issuer: 'https://issuer.example', subject: `user-${i}`, scope: ['read', 'write'], jwk: publicJwk(`key-${i}`), expires_at: expires },
      });
      assert.equal(created.status, 201);
      assert.equal(created.data.public_key.set, 'https://issuer.example');
      assert.equal(created.data.public_key.kid, `key-${i}`);
      assert.deepEqual(created.data.scope, ['read', 'write']);
      ids.push(created.data.id);
    }

    const got = (await api.getTrustedOAuth2JwtGrantIssuer({ id: ids[1] })).data;
    assert.equal(got.subject, 'user-1');

    const first = await api.listTrustedOAuth2JwtGrantIssuers({ pageSize: 2, issuer: 'https://issuer.example' });
    assert.equal(first.data.length, 2);
    const link = first.headers.link;
    assert.match(link, /rel="next"/);
    const token = new URL(link.match(/<([^>]+)>/)[1], 'http://x').searchParams.get('page_token');
    const second = await api.listTrustedOAuth2JwtGrantIssuers({ pageSize: 2, pageToken: token, issuer: 'https://issuer.example' });
    assert.equal(second.data.length, 1);
    assert.deepEqual([...first.data, ...second.data].map((g) => g.id).sort(), [...ids].sort());

    // Duplicate, missing fields, a private key: refused, nothing stored.
    assert.equal(await status(api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: { issuer: 'https://issuer.example', subject: 'user-0', scope: [], jwk: publicJwk('key-0'), expires_at: expires } })), 409);
    assert.equal(await status(api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: { subject: 'x', scope: [], jwk: publicJwk('k'), expires_at: expires } })), 400);
    assert.equal(await status(api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: { issuer: 'i', subject: 'x', allow_any_subject: true, scope: [], jwk: publicJwk('k'), expires_at: expires } })), 400);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.equal(await status(api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: { issuer: 'i', subject: 'x', scope: [], jwk: { ...privateKey.export({ format: 'jwk' }), kid: 'p' }, expires_at: expires } })), 400);
    assert.equal((await api.listTrustedOAuth2JwtGrantIssuers({})).data.length, 3);

    assert.equal(await status(api.deleteTrustedOAuth2JwtGrantIssuer({ id: ids[0] })), 204);
    assert.equal(await status(api.getTrustedOAuth2JwtGrantIssuer({ id: ids[0] })), 404);
    assert.equal(await status(api.deleteTrustedOAuth2JwtGrantIssuer({ id: ids[0] })), 404);
  } finally {
    await server.stop();
  }
});
