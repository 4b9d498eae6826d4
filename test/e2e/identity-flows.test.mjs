// The identity service's self-service flows and sessions through @ory/kratos-client, against the AOT binary:
// import, API registration → whoami → logout, API and browser login, settings, sessions, tokenize_as, throttling
// and the error paths, on SQLite, PostgreSQL and MariaDB.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { Configuration, FrontendApi, IdentityApi } from '@ory/kratos-client';
import { freePort, run, serve, sdkFailure } from './lib/tessera.mjs';
import { databasesFor } from './lib/databases.mjs';

const backends = ['sqlite', 'postgres', 'mariadb'];
const migratedDsn = databasesFor(backends, { before, after, run });

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email', title: 'E-Mail', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } },
        name: { type: 'string', title: 'Name' },
      },
      required: ['email'],
      additionalProperties: false,
    },
  },
};

// The tokenizer's signing key: an ES256 key pair, the private half given to the service as base64://.
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'e2e-es256', alg: 'ES256', use: 'sig' };
const { d, ...publicJwk } = privateJwk;
const base64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64');

const ui = 'http://ui.test';

async function serveIdentity(dsn) {
  const publicPort = await freePort();
  const adminPort = await freePort();
  const urls = { public: `http://127.0.0.1:${publicPort}`, admin: `http://127.0.0.1:${adminPort}` };
  const server = await serve({
    args: ['serve', 'identity', '--dev'],
    env: {
      DSN: dsn,
      SERVE_PUBLIC_PORT: String(publicPort), SERVE_PUBLIC_HOST: '127.0.0.1', SERVE_PUBLIC_BASE_URL: `${urls.public}/`,
      SERVE_ADMIN_PORT: String(adminPort), SERVE_ADMIN_HOST: '127.0.0.1',
      SECRETS_COOKIE: JSON.stringify(['e2e-cookie-secret-0123456789']),
      HASHERS_BCRYPT_COST: '4',
      IDENTITY_SCHEMAS: JSON.stringify([{ id: 'default', url: `base64://${base64(schema)}` }]),
      SELFSERVICE_DEFAULT_BROWSER_RETURN_URL: `${ui}/`,
      SELFSERVICE_ALLOWED_RETURN_URLS: JSON.stringify([`${ui}/`]),
      SELFSERVICE_FLOWS_LOGIN_UI_URL: `${ui}/login`,
      SELFSERVICE_FLOWS_REGISTRATION_UI_URL: `${ui}/registration`,
      SELFSERVICE_FLOWS_SETTINGS_UI_URL: `${ui}/settings`,
      SELFSERVICE_FLOWS_ERROR_UI_URL: `${ui}/error`,
      SELFSERVICE_FLOWS_REGISTRATION_AFTER_PASSWORD_HOOKS: JSON.stringify([{ hook: 'session' }]),
      SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_ENABLED: 'true',
      SESSION_WHOAMI_TOKENIZER_TEMPLATES: JSON.stringify({ e2e: { jwks_url: `base64://${base64({ keys: [privateJwk] })}`, ttl: '1m' } }),
    },
    readyPort: adminPort,
  });
  const config = (basePath) => new Configuration({ basePath });
  return { server, ...urls, frontend: new FrontendApi(config(urls.public)), identities: new IdentityApi(config(urls.admin)) };
}

/** The Set-Cookie pairs of an axios answer, as a Cookie header value merged over `jar`. */
function cookies(response, jar = '') {
  const pairs = new Map(jar.split('; ').filter(Boolean).map((p) => p.split(/=(.*)/s).slice(0, 2)));
  for (const line of response.headers['set-cookie'] ?? []) {
    const [name, value] = line.split(';')[0].split(/=(.*)/s);
    pairs.set(name, value);
  }
  return [...pairs].map(([k, v]) => `${k}=${v}`).join('; ');
}

const csrfOf = (flow) => flow.ui.nodes.find((n) => n.attributes.name === 'csrf_token')?.attributes.value;
const messageIds = (flow) => [...(flow.ui.messages ?? []), ...flow.ui.nodes.flatMap((n) => n.messages)].map((m) => m.id);

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
