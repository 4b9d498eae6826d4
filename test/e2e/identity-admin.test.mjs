// The identity service's admin identities and schemas through @ory/kratos-client, against the AOT binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, IdentityApi } from '@ory/kratos-client';
import { freePort, run, serve, sdkFailure } from './lib/tessera.mjs';
import { databasesFor } from './lib/databases.mjs';

const backends = ['sqlite', 'postgres', 'mariadb'];
const migratedDsn = databasesFor(backends, { before, after, run });

const schema = {
  $id: 'https://schemas.test/person.schema.json',
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Person',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } },
        name: { type: 'string' },
      },
      required: ['email'],
      additionalProperties: false,
    },
  },
};

/** `tessera serve identity` on free loopback ports with one schema (base64://), as a Kratos config would give it. */
async function serveIdentity(dsn) {
  const publicPort = await freePort();
  const adminPort = await freePort();
  const urls = { public: `http://127.0.0.1:${publicPort}`, admin: `http://127.0.0.1:${adminPort}` };
  const server = await serve({
    args: ['serve', 'identity'],
    env: {
      DSN: dsn,
      SERVE_PUBLIC_PORT: String(publicPort), SERVE_PUBLIC_HOST: '127.0.0.1', SERVE_PUBLIC_BASE_URL: `${urls.public}/`,
      SERVE_ADMIN_PORT: String(adminPort), SERVE_ADMIN_HOST: '127.0.0.1',
      IDENTITY_DEFAULT_SCHEMA_ID: 'person',
      IDENTITY_SCHEMAS: JSON.stringify([{ id: 'person', url: `base64://${Buffer.from(JSON.stringify(schema)).toString('base64')}` }]),
    },
    readyPort: adminPort,
  });
  return { server, ...urls };
}

for (const backend of backends) test(`create, read, list, update and delete identities with @ory/kratos-client on ${backend}`, async () => {
  const { server, admin, public: publicUrl } = await serveIdentity(await migratedDsn(backend));
  const api = new IdentityApi(new Configuration({ basePath: admin }));
  try {
    const created = await api.createIdentity({ createIdentityBody: { schema_id: 'person', traits: { email: 'Alice@Example.com', name: 'Alice' }, metadata_public: { plan: 'pro' } } });
    assert.equal(created.status, 201);
    const alice = created.data;
    assert.equal(alice.schema_id, 'person');
    assert.equal(alice.schema_url, `${publicUrl}/schemas/cGVyc29u`);
    assert.equal(alice.state, 'active');
    assert.deepEqual(alice.traits, { email: 'Alice@Example.com', name: 'Alice' });
    assert.deepEqual(alice.metadata_public, { plan: 'pro' });
    assert.deepEqual(alice.credentials.password.identifiers, ['alice@example.com']);
    assert.equal(alice.verifiable_addresses, undefined);

    const got = (await api.getIdentity({ id: alice.id })).data;
    assert.deepEqual(got, alice);

    // Identifiers are unique whatever their case; traits are checked against the schema.
    const conflict = await sdkFailure(api.createIdentity({ createIdentityBody: { schema_id: 'person', traits: { email: 'alice@example.com' } } }));
    assert.equal(conflict.status, 409);
    assert.equal(conflict.data.error.code, 409);
    const invalid = await sdkFailure(api.createIdentity({ createIdentityBody: { schema_id: 'person', traits: { email: 'not an email' } } }));
    assert.equal(invalid.status, 400);
    assert.match(invalid.data.error.reason, /#\/traits\/email/);

    const bob = (await api.createIdentity({ createIdentityBody: { schema_id: 'person', traits: { email: 'bob@example.com' }, state: 'inactive' } })).data;
    assert.equal(bob.state, 'inactive');
    const first = await api.listIdentities({ pageSize: 1 });
    assert.equal(first.data.length, 1);
    const token = new URL(first.headers.link.match(/<([^>]+)>; rel="next"/)[1], 'http://x').searchParams.get('page_token');
    const second = await api.listIdentities({ pageSize: 1, pageToken: token });
    assert.deepEqual([...first.data, ...second.data].map((i) => i.id).sort(), [alice.id, bob.id].sort());
    // Kratos's legacy page numbers (page given, no page_size/page_token): page counts from 0, X-Total-Count and
    // ory/x's Link header come back, and a client looping until an empty page stops.
    const numbered = [];
    for (let page = 0; ; page++) {
      assert.ok(page < 5, 'the numbered pages never ran out');
      const res = await api.listIdentities({ page, perPage: 1 });
      assert.equal(res.headers['x-total-count'], '2');
      if (page === 0) assert.equal(res.headers.link, '</admin/identities?page=1&per_page=1>; rel="next",</admin/identities?page=1&per_page=1>; rel="last"');
      if (res.data.length === 0) break;
      numbered.push(...res.data.map((i) => i.id));
    }
    assert.deepEqual(numbered, [...first.data, ...second.data].map((i) => i.id));
    const found = (await api.listIdentities({ credentialsIdentifier: 'BOB@example.com' })).data;
    assert.deepEqual(found.map((i) => i.id), [bob.id]);

    const updated = (await api.updateIdentity({ id: bob.id, updateIdentityBody: { schema_id: 'person', state: 'active', traits: { email: 'bob@example.com', name: 'Bob' } } })).data;
    assert.equal(updated.state, 'active');
    assert.equal(updated.traits.name, 'Bob');

    assert.equal((await api.deleteIdentity({ id: bob.id })).status, 204);
    assert.equal((await sdkFailure(api.getIdentity({ id: bob.id }))).status, 404);

    // The schema, by the id in schema_url, on the public listener; the list on the admin one.
    const publicApi = new IdentityApi(new Configuration({ basePath: publicUrl }));
    assert.deepEqual((await publicApi.getIdentitySchema({ id: 'cGVyc29u' })).data, schema);
    const schemas = (await api.listIdentitySchemas()).data;
    assert.deepEqual(schemas, [{ id: 'person', schema }]);
  } finally {
    await server.stop();
  }
});
