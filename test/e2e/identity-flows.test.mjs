// The identity service's self-service flows and sessions through @ory/kratos-client, against the AOT binary:
// import, API registration → whoami → logout, API and browser login, settings, sessions, tokenize_as, throttling
// and the error paths, on SQLite, PostgreSQL and MariaDB.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { run, sdkFailure } from './lib/tessera.mjs';
import { databasesFor } from './lib/databases.mjs';
import { base64, cookies, csrfOf, messageIds, serveSelfService, ui } from './lib/identity.mjs';

const backends = ['sqlite', 'postgres', 'mariadb'];
const migratedDsn = databasesFor(backends, { before, after, run });

// The tokenizer's signing key: an ES256 key pair, the private half given to the service as base64://.
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'e2e-es256', alg: 'ES256', use: 'sig' };
const { d, ...publicJwk } = privateJwk;

/** The service with this suite's settings: the breached-password list on, and a tokenizer template. */
const serveIdentity = (dsn) => serveSelfService(dsn, {
  SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_ENABLED: 'true',
  SESSION_WHOAMI_TOKENIZER_TEMPLATES: JSON.stringify({ e2e: { jwks_url: `base64://${base64({ keys: [privateJwk] })}`, ttl: '1m' } }),
});

for (const backend of backends) test(`self-service flows and sessions with @ory/kratos-client on ${backend}`, async () => {
  const { server, frontend, identities } = await serveIdentity(await migratedDsn(backend));
  try {
    // Import: a cleartext password and an existing bcrypt hash ("import-me", made with htpasswd -B -C 4).
    const imported = await identities.createIdentity({ createIdentityBody: {
      schema_id: 'default', traits: { email: 'imported@example.com' },
      credentials: { password: { config: { hashed_password: '$2y$04$fGwGszhHxkRVIsjMMP.lweSJR1soqhmVT3gMFcxnIBgxooiU8Dasm' } } },
    } });
    assert.equal(imported.status, 201);
    const importedLogin = await frontend.updateLoginFlow({
      flow: (await frontend.createNativeLoginFlow()).data.id,
      updateLoginFlowBody: { method: 'password', identifier: 'IMPORTED@example.com', password: 'import-me' },
    });
    assert.equal(importedLogin.data.session.identity.id, imported.data.id);

    // API registration (a direct method=password submission) → whoami → logout.
    const registrationFlow = (await frontend.createNativeRegistrationFlow()).data;
    const registered = (await frontend.updateRegistrationFlow({ flow: registrationFlow.id, updateRegistrationFlowBody: {
      method: 'password', traits: { email: 'alice@example.com', name: 'Alice' }, password: 'a sufficiently long passphrase 7',
    } })).data;
    assert.equal(registered.identity.traits.email, 'alice@example.com');
    assert.ok(registered.session_token);
    const whoami = await frontend.toSession({ xSessionToken: registered.session_token });
    assert.equal(whoami.data.identity.id, registered.identity.id);
    assert.equal(whoami.headers['x-kratos-authenticated-identity-id'], registered.identity.id);
    assert.equal(whoami.data.authentication_methods[0].method, 'password');
    assert.equal((await frontend.performNativeLogout({ performNativeLogoutBody: { session_token: registered.session_token } })).status, 204);
    assert.equal((await sdkFailure(frontend.toSession({ xSessionToken: registered.session_token }))).status, 401);

    // The same identifier again: 4000007 on the flow; a leaked password: 4000034 (Kratos v26 puts the reason's own message on the node).
    const again = await sdkFailure(frontend.updateRegistrationFlow({
      flow: (await frontend.createNativeRegistrationFlow()).data.id,
      updateRegistrationFlowBody: { method: 'password', traits: { email: 'ALICE@example.com' }, password: 'another long passphrase 8' },
    }));
    assert.equal(again.status, 400);
    assert.ok(messageIds(again.data).includes(4000007), JSON.stringify(again.data.ui));
    const leaked = await sdkFailure(frontend.updateRegistrationFlow({
      flow: (await frontend.createNativeRegistrationFlow()).data.id,
      updateRegistrationFlowBody: { method: 'password', traits: { email: 'bob@example.com' }, password: 'password123' },
    }));
    assert.equal(leaked.status, 400);
    assert.ok(messageIds(leaked.data).includes(4000034), JSON.stringify(leaked.data.ui));

    // API login, then a wrong password: 4000006.
    const login = (await frontend.updateLoginFlow({
      flow: (await frontend.createNativeLoginFlow()).data.id,
      updateLoginFlowBody: { method: 'password', identifier: 'alice@example.com', password: 'a sufficiently long passphrase 7' },
    })).data;
    const token = login.session_token;
    assert.equal(login.session.identity.id, registered.identity.id);
    const wrong = await sdkFailure(frontend.updateLoginFlow({
      flow: (await frontend.createNativeLoginFlow()).data.id,
      updateLoginFlowBody: { method: 'password', identifier: 'alice@example.com', password: 'not the passphrase' },
    }));
    assert.equal(wrong.status, 400);
    assert.ok(messageIds(wrong.data).includes(4000006));

    // Browser login: the anti-CSRF cookie and token, then the session cookie.
    const browserFlow = await frontend.createBrowserLoginFlow({ returnTo: `${ui}/` });
    let jar = cookies(browserFlow);
    const noCsrf = await sdkFailure(frontend.updateLoginFlow({ flow: browserFlow.data.id, cookie: jar,
      updateLoginFlowBody: { method: 'password', identifier: 'alice@example.com', password: 'a sufficiently long passphrase 7', csrf_token: 'forged' } }));
    assert.equal(noCsrf.status, 403);
    assert.equal(noCsrf.data.error.id, 'security_csrf_violation');
    const browserLogin = await frontend.updateLoginFlow({ flow: browserFlow.data.id, cookie: jar,
      updateLoginFlowBody: { method: 'password', identifier: 'alice@example.com', password: 'a sufficiently long passphrase 7', csrf_token: csrfOf(browserFlow.data) } });
    jar = cookies(browserLogin, jar);
    assert.match(jar, /ory_kratos_session=/);
    assert.equal((await frontend.toSession({ cookie: jar })).data.identity.id, registered.identity.id);

    // Settings over the API: the profile, then the password; the old password then fails.
    const settingsFlow = (await frontend.createNativeSettingsFlow({ xSessionToken: token })).data;
    const profile = (await frontend.updateSettingsFlow({ flow: settingsFlow.id, xSessionToken: token,
      updateSettingsFlowBody: { method: 'profile', traits: { email: 'alice@example.com', name: 'Alice Liddell' } } })).data;
    assert.equal(profile.state, 'success');
    assert.equal(profile.identity.traits.name, 'Alice Liddell');
    const passwordFlow = (await frontend.createNativeSettingsFlow({ xSessionToken: token })).data;
    assert.equal((await frontend.updateSettingsFlow({ flow: passwordFlow.id, xSessionToken: token,
      updateSettingsFlowBody: { method: 'password', password: 'a brand new passphrase 9' } })).data.state, 'success');
    const oldPassword = await sdkFailure(frontend.updateLoginFlow({
      flow: (await frontend.createNativeLoginFlow()).data.id,
      updateLoginFlowBody: { method: 'password', identifier: 'alice@example.com', password: 'a sufficiently long passphrase 7' },
    }));
    assert.ok(messageIds(oldPassword.data).includes(4000006));

    // Sessions: the others are listed and revoked; the admin lists, extends and disables.
    const mine = (await frontend.listMySessions({ xSessionToken: token })).data;
    assert.ok(mine.length >= 1);
    assert.ok(mine.every((s) => s.id !== login.session.id));
    assert.ok((await frontend.disableMyOtherSessions({ xSessionToken: token })).data.count >= 1);
    const adminSessions = (await identities.listIdentitySessions({ id: registered.identity.id })).data;
    assert.ok(adminSessions.some((s) => s.id === login.session.id));
    const extended = await identities.extendSession({ id: login.session.id });
    assert.ok([200, 204].includes(extended.status));
    assert.equal((await identities.disableSession({ id: login.session.id })).status, 204);
    assert.equal((await sdkFailure(frontend.toSession({ xSessionToken: token }))).status, 401);

    // tokenize_as: a JWT signed by the configured key, verified with jose against its public half.
    const fresh = (await frontend.updateLoginFlow({
      flow: (await frontend.createNativeLoginFlow()).data.id,
      updateLoginFlowBody: { method: 'password', identifier: 'alice@example.com', password: 'a brand new passphrase 9' },
    })).data;
    const tokenized = (await frontend.toSession({ xSessionToken: fresh.session_token, tokenizeAs: 'e2e' })).data.tokenized;
    const { payload } = await jwtVerify(tokenized, createLocalJWKSet({ keys: [publicJwk] }));
    assert.equal(payload.sub, registered.identity.id);
    assert.equal(payload.sid, fresh.session.id);
  } finally {
    await server.stop();
  }
});

test('throttling and the error paths answer with Kratos\'s statuses and ids', async () => {
  const { server, frontend, identities, public: publicUrl } = await serveIdentity(await migratedDsn('sqlite'));
  try {
    await identities.createIdentity({ createIdentityBody: { schema_id: 'default', traits: { email: 'carol@example.com' },
      credentials: { password: { config: { password: 'carol has a long passphrase 1' } } } } });

    // Unknown flow, malformed JSON, unknown method.
    assert.equal((await sdkFailure(frontend.getLoginFlow({ id: '00000000-0000-4000-8000-000000000000' }))).status, 404);
    const flow = (await frontend.createNativeLoginFlow()).data;
    const malformed = await fetch(`${publicUrl}/self-service/login?flow=${flow.id}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"method":' });
    assert.equal(malformed.status, 400);
    const malformedBody = await malformed.json();
    assert.ok(malformedBody.ui?.messages?.length > 0 || malformedBody.error?.code === 400, JSON.stringify(malformedBody));
    const unknownMethod = await sdkFailure(frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'carrier-pigeon' } }));
    assert.equal(unknownMethod.status, 400);

    // A native flow asked for a session token exchange code has one; without a social sign-in no session is bound to it (404).
    const exchangeFlow = (await frontend.createNativeLoginFlow({ returnSessionTokenExchangeCode: true })).data;
    assert.match(exchangeFlow.session_token_exchange_code, /^[a-zA-Z0-9]{64}$/);
    const noExchange = await sdkFailure(frontend.exchangeSessionToken({ initCode: exchangeFlow.session_token_exchange_code, returnToCode: 'x'.repeat(64) }));
    assert.equal(noExchange.status, 404);

    // Repeated wrong passwords: after the configured attempts, 429 with a retry time.
    let throttled;
    for (let attempt = 0; attempt < 8 && !throttled; attempt++) {
      const failure = await sdkFailure(frontend.updateLoginFlow({
        flow: (await frontend.createNativeLoginFlow()).data.id,
        updateLoginFlowBody: { method: 'password', identifier: 'carol@example.com', password: `wrong ${attempt}` },
      }));
      if (failure.status === 429) throttled = failure;
      else assert.equal(failure.status, 400);
    }
    assert.ok(throttled, 'no 429 after 8 failures');
    assert.equal(throttled.data.error.code, 429);
  } finally {
    await server.stop();
  }
});
