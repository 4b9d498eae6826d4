// The @ory/kratos-client calls the other identity suites make by hand or not at all, each through the SDK against
// the AOT binary (SQLite file): batch and JSON-patch administration, lookups by external id, session administration,
// credential removal, browser registration/settings/logout flows with their cookies, and stored flow errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { run, sdkFailure, tempDir } from './lib/tessera.mjs';
import { cookies, csrfOf, serveSelfService, ui } from './lib/identity.mjs';

let dir, server, frontend, identities, publicUrl;

// (A root before hook starts at once in Node 20, so this one makes its own database rather than wait on another hook.)
before(async () => {
  dir = tempDir('tessera-e2e-identity-sdk-');
  const dsn = `sqlite://${dir.path}/identity.sqlite?_fk=true`;
  const migrated = await run(['migrate', 'sql', dsn, '--yes']);
  assert.equal(migrated.code, 0, migrated.stderr);
  ({ server, frontend, identities, public: publicUrl } = await serveSelfService(dsn, {
    SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_ENABLED: 'false',
  }));
});

after(async () => {
  await server?.stop();
  dir?.remove();
});

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
