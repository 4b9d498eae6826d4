// The proxy's API port through Ory's own Oathkeeper SDK (@ory/oathkeeper-client): health, version,
// the rules (listed, paged, fetched, an unknown one), a decision, and the id_token mutator's public keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair } from 'jose';
import { ApiApi, Configuration } from '@ory/oathkeeper-client';
import { tempDir, sdkFailure } from './lib/tessera.mjs';
import { startEchoUpstream, serveProxy, eventually } from './lib/proxy.mjs';

let dir, upstream, proxy, api;

const rules = (upstreamUrl) => [
  {
    id: 'root',
    // The SDK's decisions() calls /decisions itself: an empty path, which Oathkeeper matches as it is (no "/").
    description: 'the API port itself, judged by the SDK call without a path',
    match: { url: 'http://127.0.0.1:<[0-9]+>', methods: ['GET'] },
    upstream: { url: upstreamUrl },
    authenticators: [{ handler: 'anonymous' }],
    authorizer: { handler: 'allow' },
    mutators: [{ handler: 'header', config: { headers: { 'X-User': '{{ print .Subject }}' } } }],
  },
  {
    id: 'orders',
    match: { url: 'http://<[^/]+>/orders/<.*>', methods: ['GET', 'POST'] },
    upstream: { url: upstreamUrl, preserve_host: true, strip_path: '/orders' },
    authenticators: [{ handler: 'noop' }],
    authorizer: { handler: 'deny' },
    mutators: [{ handler: 'id_token' }],
    errors: [{ handler: 'json' }],
  },
];

before(async () => {
  dir = tempDir('tessera-e2e-proxy-sdk-');
  upstream = await startEchoUpstream();
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwks = path.join(dir.path, 'jwks.json');
  writeFileSync(jwks, JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), kid: 'sdk-key', alg: 'RS256', use: 'sig' }] }));
  const rulesFile = path.join(dir.path, 'rules.json');
  writeFileSync(rulesFile, JSON.stringify(rules(upstream.url)));
  proxy = await serveProxy({
    dir: dir.path,
    configText: `
access_rules:
  repositories: [file://${rulesFile}]
authenticators:
  anonymous: { enabled: true, config: { subject: guest } }
  noop: { enabled: true }
authorizers:
  allow: { enabled: true }
  deny: { enabled: true }
mutators:
  header: { enabled: true, config: { headers: {} } }
  id_token: { enabled: true, config: { issuer_url: https://proxy.test/, jwks_url: file://${jwks} } }
errors:
  handlers:
    json: { enabled: true }
`,
  });
  api = new ApiApi(new Configuration({ basePath: proxy.api }));
  await eventually(async () => (await fetch(`${proxy.api}/health/ready`)).status === 200, { what: 'readiness' });
});

after(async () => {
  await proxy?.server.stop();
  await upstream?.close();
  dir?.remove();
});

test('health and version through the Oathkeeper SDK', async () => {
  assert.deepEqual((await api.isInstanceAlive()).data, { status: 'ok' });
  assert.deepEqual((await api.isInstanceReady()).data, { status: 'ok' });
  assert.equal(typeof (await api.getVersion()).data.version, 'string');
});

test('rules are listed, paged and fetched as Oathkeeper writes them; an unknown id is a 404', async () => {
  const listed = (await api.listRules()).data;
  assert.deepEqual(listed.map((r) => r.id), ['root', 'orders']);
  const orders = listed[1];
  assert.deepEqual(orders.match, { url: 'http://<[^/]+>/orders/<.*>', methods: ['GET', 'POST'] });
  assert.deepEqual(orders.upstream, { url: upstream.url, preserve_host: true, strip_path: '/orders' });
  assert.deepEqual(orders.authenticators.map((h) => h.handler), ['noop']);
  assert.equal(orders.authorizer.handler, 'deny');
  assert.deepEqual(orders.mutators.map((h) => h.handler), ['id_token']);
  assert.deepEqual(orders.errors.map((h) => h.handler), ['json']);
  assert.equal(listed[0].description, 'the API port itself, judged by the SDK call without a path');

  // This SDK (0.39.4) takes its parameters in order: listRules(limit, offset), getRule(id).
  assert.deepEqual((await api.listRules(1, 1)).data.map((r) => r.id), ['orders']);
  assert.deepEqual((await api.listRules(1)).data.map((r) => r.id), ['root']);
  assert.deepEqual((await api.getRule('orders')).data, orders);

  const missing = await sdkFailure(api.getRule('no-such-rule'));
  assert.equal(missing.status, 404);
  assert.equal(missing.data.error.code, 404);
});

test('a decision through the SDK is the rule\'s answer with the mutated headers', async () => {
  const granted = await api.decisions();
  assert.equal(granted.status, 200);
  assert.equal(granted.headers['x-user'], 'guest');
});

test('the id_token mutator\'s public keys, without the private parts', async () => {
  const { keys } = (await api.getWellKnownJSONWebKeys()).data;
  assert.equal(keys.length, 1);
  assert.equal(keys[0].kid, 'sdk-key');
  assert.equal(keys[0].kty, 'RSA');
  assert.ok(keys[0].n && keys[0].e);
  for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(keys[0][secret], undefined, secret);
});
