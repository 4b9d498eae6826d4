// The @ory/kratos-client calls the other identity suites make by hand or not at all, each through the SDK against
// the AOT binary (SQLite file): batch and JSON-patch administration, lookups by external id, session administration,
// credential removal, browser registration/settings/logout flows with their cookies, and stored flow errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, FrontendApi, IdentityApi } from '@ory/kratos-client';
import { freePort, run, serve, sdkFailure } from './lib/tessera.mjs';
import { databasesFor } from './lib/databases.mjs';

const migratedDsn = databasesFor(['sqlite'], { before, after, run });
const ui = 'http://ui.test';
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } },
        name: { type: 'string' },
      },
      required: ['email'],
    },
  },
};

let server, frontend, identities, publicUrl;

before(async () => {
  const publicPort = await freePort();
  const adminPort = await freePort();
  publicUrl = `http://127.0.0.1:${publicPort}`;
  server = await serve({
    args: ['serve', 'identity', '--dev'],
    env: {
      DSN: await migratedDsn('sqlite'),
      SERVE_PUBLIC_PORT: String(publicPort), SERVE_PUBLIC_HOST: '127.0.0.1', SERVE_PUBLIC_BASE_URL: `${publicUrl}/`,
      SERVE_ADMIN_PORT: String(adminPort), SERVE_ADMIN_HOST: '127.0.0.1',
      IDENTITY_SCHEMAS: JSON.stringify([{ id: 'default', url: `base64://${Buffer.from(JSON.stringify(schema)).toString('base64')}` }]),
      HASHERS_BCRYPT_COST: '4',
      SECRETS_COOKIE: JSON.stringify(['identity-sdk-cookie-secret-0123']),
      SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_ENABLED: 'false',
      SELFSERVICE_DEFAULT_BROWSER_RETURN_URL: `${ui}/`,
      SELFSERVICE_ALLOWED_RETURN_URLS: JSON.stringify([`${ui}/`]),
      SELFSERVICE_FLOWS_LOGIN_UI_URL: `${ui}/login`,
      SELFSERVICE_FLOWS_REGISTRATION_UI_URL: `${ui}/registration`,
      SELFSERVICE_FLOWS_SETTINGS_UI_URL: `${ui}/settings`,
      SELFSERVICE_FLOWS_ERROR_UI_URL: `${ui}/error`,
      SELFSERVICE_FLOWS_REGISTRATION_AFTER_PASSWORD_HOOKS: JSON.stringify([{ hook: 'session' }]),
    },
    readyPort: adminPort,
  });
  frontend = new FrontendApi(new Configuration({ basePath: publicUrl }));
  identities = new IdentityApi(new Configuration({ basePath: `http://127.0.0.1:${adminPort}` }));
});

after(async () => {
  await server?.stop();
});

/** The name=value pairs of a response's Set-Cookie headers, added to `jar`. */
function cookies(response, jar = '') {
  const set = [].concat(response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
  return [jar, ...set].filter(Boolean).join('; ');
}

const csrfOf = (flow) => flow.ui.nodes.find((n) => n.attributes.name === 'csrf_token').attributes.value;

async function apiLogin(identifier, password) {
  const flow = (await frontend.createNativeLoginFlow()).data;
  return (await frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'password', identifier, password } })).data;
}

test('batch create, JSON patch and the lookup by external id through the SDK', async () => {
  const batch = await identities.batchPatchIdentities({ patchIdentitiesBody: { identities: [
    { patch_id: '11111111-1111-4111-8111-111111111111', create: { schema_id: 'default', traits: { email: 'batch1@example.com' }, external_id: 'ext-batch-1' } },
    { patch_id: '22222222-2222-4222-8222-222222222222', create: { schema_id: 'default', traits: { email: 'not an email' } } },
  ] } });
  assert.equal(batch.status, 200);
  const [made, refused] = batch.data.identities;
  assert.equal(made.action, 'create');
  assert.equal(made.patch_id, '11111111-1111-4111-8111-111111111111');
  assert.ok(made.identity);
  assert.equal(refused.action, 'error');
  assert.equal(refused.error.code, 400);

  const patched = await identities.patchIdentity({ id: made.identity, jsonPatch: [{ op: 'add', path: '/traits/name', value: 'Batch One' }] });
  assert.equal(patched.status, 200);
  assert.deepEqual(patched.data.traits, { email: 'batch1@example.com', name: 'Batch One' });

  const byExternal = (await identities.getIdentityByExternalID({ externalID: 'ext-batch-1' })).data;
  assert.equal(byExternal.id, made.identity);
  assert.equal((await sdkFailure(identities.getIdentityByExternalID({ externalID: 'no-such-external-id' }))).status, 404);
});

test('session administration and credential removal through the SDK', async () => {
  const password = 'a long enough sdk passphrase 1';
  const carol = (await identities.createIdentity({ createIdentityBody: { schema_id: 'default', traits: { email: 'carol@example.com' },
    credentials: { password: { config: { password } } } } })).data;
  const first = await apiLogin('carol@example.com', password);
  const second = await apiLogin('carol@example.com', password);

  const listed = (await identities.listSessions({ active: true, expand: ['identity'] })).data;
  assert.ok(listed.some((s) => s.id === first.session.id && s.identity?.id === carol.id));
  const got = (await identities.getSession({ id: first.session.id, expand: ['devices'] })).data;
  assert.equal(got.id, first.session.id);
  assert.ok(Array.isArray(got.devices));

  // The identity ends one of its own sessions, then the admin ends all of them.
  assert.equal((await frontend.disableMySession({ id: second.session.id, xSessionToken: first.session_token })).status, 204);
  assert.equal((await sdkFailure(frontend.toSession({ xSessionToken: second.session_token }))).status, 401);
  assert.equal((await identities.deleteIdentitySessions({ id: carol.id })).status, 204);
  assert.equal((await sdkFailure(frontend.toSession({ xSessionToken: first.session_token }))).status, 401);

  // The password is the identity's only first factor: Kratos refuses to remove it.
  const last = await sdkFailure(identities.deleteIdentityCredentials({ id: carol.id, type: 'password' }));
  assert.equal(last.status, 400);
  assert.equal(last.data.error.reason, 'You cannot remove the last first factor credential.');
});

test('browser registration, settings and logout flows with their cookies through the SDK', async () => {
  const created = await frontend.createBrowserRegistrationFlow({ returnTo: `${ui}/` });
  assert.equal(created.status, 200);
  let jar = cookies(created);
  const fetched = (await frontend.getRegistrationFlow({ id: created.data.id, cookie: jar })).data;
  assert.equal(fetched.id, created.data.id);
  assert.equal(fetched.return_to, `${ui}/`);

  // Profile first (Kratos's default), then the password.
  const profile = await sdkFailure(frontend.updateRegistrationFlow({ flow: fetched.id, cookie: jar,
    updateRegistrationFlowBody: { method: 'profile', traits: { email: 'dave@example.com' }, csrf_token: csrfOf(fetched) } }));
  assert.equal(profile.status, 400, JSON.stringify(profile.data));
  const registered = await frontend.updateRegistrationFlow({ flow: fetched.id, cookie: jar,
    updateRegistrationFlowBody: { method: 'password', traits: { email: 'dave@example.com' }, password: 'dave picks a long passphrase 9', csrf_token: csrfOf(fetched) } });
  assert.equal(registered.status, 200);
  jar = cookies(registered, jar);
  assert.match(jar, /ory_kratos_session=/);

  const settings = await frontend.createBrowserSettingsFlow({ cookie: jar });
  assert.equal(settings.status, 200);
  const settingsFlow = (await frontend.getSettingsFlow({ id: settings.data.id, cookie: jar })).data;
  assert.equal(settingsFlow.identity.traits.email, 'dave@example.com');

  const logout = (await frontend.createBrowserLogoutFlow({ cookie: jar })).data;
  assert.ok(logout.logout_token);
  assert.ok(logout.logout_url.startsWith(`${publicUrl}/self-service/logout?token=`));
  const done = await frontend.updateLogoutFlow({ token: logout.logout_token, cookie: jar });
  assert.equal(done.status, 204);
  assert.equal((await sdkFailure(frontend.toSession({ cookie: jar }))).status, 401);
});

test('a stored self-service error is read back through the SDK', async () => {
  const refused = await fetch(`${publicUrl}/self-service/login/browser?return_to=https://evil.example/`, { redirect: 'manual', headers: { Accept: 'text/html' } });
  assert.equal(refused.status, 303);
  const id = new URL(refused.headers.get('location')).searchParams.get('id');
  const error = (await frontend.getFlowError({ id })).data;
  assert.equal(error.id, id);
  assert.equal(error.error.code, 400);
  assert.equal((await sdkFailure(frontend.getFlowError({ id: '00000000-0000-4000-8000-000000000000' }))).status, 404);
});
