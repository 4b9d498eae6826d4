// A fixed corpus of hostile requests (lib/hostile-corpus.mjs) sent over raw sockets to every endpoint
// of every listener of `tessera serve all --dev`: whatever arrives, the answer is never a 5xx, always
// arrives (no hang), and an error carries a JSON body in the listener's or the endpoint's error shape.
// A 405 names the allowed methods in Allow. Failures are listed all at once, by case id.
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, serve } from './lib/tessera.mjs';
import { exchange } from './lib/rawhttp.mjs';
import { buildCorpus, listeners, SEED } from './lib/hostile-corpus.mjs';

const CONCURRENCY = 6;

// The identity service's schema: an email identifier with a password, and a name.
const identitySchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email', maxLength: 320, 'ory.sh/kratos': { credentials: { password: { identifier: true } }, verification: { via: 'email' }, recovery: { via: 'email' } } },
        name: { type: 'string' },
      },
      required: ['email'],
    },
  },
};
const ui = 'http://ui.test';

/**
 * Things that exist for the identity routes to hit: identities with passwords (and an external id),
 * their sessions (logged in through the API flow), flows of every kind, a stored self-service error.
 */
async function prepareIdentity(ports) {
  const pub = `http://127.0.0.1:${ports['identity.public']}`;
  const admin = `http://127.0.0.1:${ports['identity.admin']}`;
  const call = async (url, init = {}) => {
    const type = init.body ? { 'Content-Type': 'application/json' } : {};
    const res = await fetch(url, { redirect: 'manual', ...init, headers: { ...type, Accept: 'application/json', ...init.headers } });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  const cookieOf = (answer, name) => answer.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith(name));
  const ok = (answer, what) => {
    assert.ok(answer.status < 400, `${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  for (let i = 0; i < 200 && (await fetch(`${admin}/health/ready`).catch(() => null))?.status !== 200; i++) await new Promise((r) => setTimeout(r, 25));
  const live = { identities: [], sessions: [], tokens: [], externals: [], errors: [], flows: { login: [], registration: [], settings: [] } };
  for (let i = 0; i < 3; i++) {
    const email = `hostile${i}@example.com`;
    const password = `a hostile corpus passphrase ${i}`;
    const identity = ok(await call(`${admin}/admin/identities`, { method: 'POST', body: JSON.stringify({
      schema_id: 'default', traits: { email, name: `n${i}` }, external_id: `ext-${i}`, credentials: { password: { config: { password } } },
    }) }), 'create identity');
    live.identities.push(identity.id);
    live.externals.push(`ext-${i}`);
    for (let n = 0; n < 2; n++) {
      const flow = ok(await call(`${pub}/self-service/login/api`), 'login flow');
      const login = ok(await call(`${pub}/self-service/login?flow=${flow.id}`, { method: 'POST', body: JSON.stringify({ method: 'password', identifier: email, password }) }), 'login');
      live.sessions.push(login.session.id);
      live.tokens.push(login.session_token);
    }
  }
  // Browser flows sharing one anti-CSRF cookie, whose token the corpus's bodies carry; a browser login for
  // a session cookie.
  const first = await call(`${pub}/self-service/login/browser`);
  const csrfCookie = cookieOf(first, 'csrf_token_');
  live.csrfToken = first.body.ui.nodes.find((n) => n.attributes.name === 'csrf_token').attributes.value;
  const browserLogin = await call(`${pub}/self-service/login?flow=${first.body.id}`, { method: 'POST', headers: { Cookie: csrfCookie },
    body: JSON.stringify({ method: 'password', identifier: 'hostile2@example.com', password: 'a hostile corpus passphrase 2', csrf_token: live.csrfToken }) });
  const sessionCookie = cookieOf(ok(browserLogin, 'browser login') && browserLogin, 'ory_kratos_session=');
  live.cookies = [csrfCookie, `${csrfCookie}; ${sessionCookie}`, sessionCookie];
  // Flows of every kind, and the credentials a request needs to reach the code past the flow's checks.
  live.flowCredentials = {};
  const flow = async (path, credential) => {
    const id = ok(await call(`${pub}${path}`, { headers: credential ? { [credential[0]]: credential[1] } : {} }), path).id;
    if (credential) live.flowCredentials[id] = credential;
    return id;
  };
  for (const kind of ['login', 'registration']) {
    live.flows[kind].push(await flow(`/self-service/${kind}/api`));
    live.flows[kind].push(await flow(`/self-service/${kind}/browser`, ['Cookie', csrfCookie]));
  }
  live.flows.settings.push(await flow('/self-service/settings/api', ['X-Session-Token', live.tokens[0]]));
  live.flows.settings.push(await flow('/self-service/settings/browser', ['Cookie', `${csrfCookie}; ${sessionCookie}`]));
  // A forbidden return_to sends a browser to the error UI with a stored error's id.
  const refused = await call(`${pub}/self-service/login/browser?return_to=https://evil.example/`, { headers: { Accept: 'text/html' } });
  const errorId = new URL(refused.headers.get('location') ?? `${ui}/error`).searchParams.get('id');
  if (errorId) live.errors.push(errorId);
  return live;
}

function shapeOf(body) {
  let parsed;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (parsed?.error && typeof parsed.error === 'object' && typeof parsed.error.code === 'number'
    && typeof parsed.error.status === 'string' && typeof parsed.error.message === 'string') return { shape: 'ory', parsed };
  if (typeof parsed?.error === 'string' && typeof parsed.error_description === 'string') return { shape: 'oauth2', parsed };
  // A self-service flow answers a problem with the flow itself, its messages on the form (Kratos).
  if (typeof parsed?.id === 'string' && typeof parsed.type === 'string' && typeof parsed.ui === 'object' && parsed.ui !== null) return { shape: 'flow', parsed };
  return { shape: 'other', parsed };
}

/** What is wrong with one answer, or null. */
function problem(item, answer) {
  if (answer.outcome === 'timeout') return 'no complete answer within the timeout (hang)';
  // Kestrel takes a client's half-close for the end of the connection and drops the answer.
  if (answer.outcome === 'closed') return item.kestrel || item.halfClose ? null : 'connection closed without an answer';
  const { status, headers, body } = answer;
  const text = () => body.toString('utf8').slice(0, 200);
  if (item.route.allow?.includes(status)) return null;
  if (item.expect !== undefined && status !== item.expect) return `status ${status}, expected ${item.expect}: ${text()}`;
  if (item.expectAny !== undefined && !item.expectAny.includes(status)) return `status ${status}, expected one of ${item.expectAny.join(', ')}: ${text()}`;
  if (status >= 500 && status !== item.expect && !item.expectAny?.includes(status)) return `status ${status}: ${text()}`;
  if (status === 405) {
    const allowed = (headers.allow ?? '').split(',').map((m) => m.trim()).filter(Boolean);
    if (allowed.length === 0) return '405 without Allow';
    if (item.label === 'method not allowed') {
      const want = [...new Set([...item.route.methods, 'OPTIONS'])].sort();
      if (allowed.join(', ') !== want.join(', ')) return `Allow "${headers.allow}", expected "${want.join(', ')}"`;
    }
  }
  if (status === 200 && item.label === 'method not allowed') {
    const want = [...new Set([...item.route.methods, 'OPTIONS'])].sort().join(', ');
    if (headers.allow !== want) return `OPTIONS answered Allow "${headers.allow}", expected "${want}"`;
  }
  if (status < 400 || item.head) return null;
  if (body.length === 0) return item.kestrel ? null : `status ${status} with an empty body`;
  const found = shapeOf(body);
  if (!found) return `status ${status} with a body that is not JSON: ${text()}`;
  const accepted = [item.listener.shape, ...(item.route.shapes ?? [])];
  if (!accepted.includes(found.shape)) return `status ${status} in shape ${found.shape}, expected ${accepted.join(' or ')}: ${text()}`;
  if (found.shape === 'ory' && found.parsed.error.code !== status) return `body code ${found.parsed.error.code} differs from status ${status}`;
  if (!/^application\/json/.test(headers['content-type'] ?? '')) return `status ${status} with content type ${headers['content-type']}`;
  // What routing and Kestrel's limits answer is the listener's, whatever the endpoint's own shape.
  const listenerLevel = status === 405 || status === 413 || status === 408 || item.route.methods.length === 0;
  if (listenerLevel && found.shape !== item.listener.shape) return `status ${status} not in the listener's ${item.listener.shape} shape: ${text()}`;
  return null;
}

test('hostile corpus: no 5xx, no hang, JSON errors on every endpoint of every listener', { timeout: 240000 }, async (t) => {
  const ports = {};
  const env = {
    LOG_LEVEL: 'warn', OAUTH2_OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: 'true',
    IDENTITY_IDENTITY_SCHEMAS: JSON.stringify([{ id: 'default', url: `base64://${Buffer.from(JSON.stringify(identitySchema)).toString('base64')}` }]),
    IDENTITY_HASHERS_BCRYPT_COST: '4',
    IDENTITY_SECRETS_COOKIE: JSON.stringify(['hostile-corpus-cookie-secret-0123']),
    IDENTITY_SELFSERVICE_DEFAULT_BROWSER_RETURN_URL: `${ui}/`,
    IDENTITY_SELFSERVICE_ALLOWED_RETURN_URLS: JSON.stringify([`${ui}/`]),
    IDENTITY_SELFSERVICE_FLOWS_LOGIN_UI_URL: `${ui}/login`,
    IDENTITY_SELFSERVICE_FLOWS_REGISTRATION_UI_URL: `${ui}/registration`,
    IDENTITY_SELFSERVICE_FLOWS_SETTINGS_UI_URL: `${ui}/settings`,
    IDENTITY_SELFSERVICE_FLOWS_ERROR_UI_URL: `${ui}/error`,
    IDENTITY_SELFSERVICE_FLOWS_REGISTRATION_AFTER_PASSWORD_HOOKS: JSON.stringify([{ hook: 'session' }]),
    // The throttle runs on every login but never holds one back, so the password code is reached.
    IDENTITY_SELFSERVICE_METHODS_PASSWORD_CONFIG_LOGIN_THROTTLE_MAX_ATTEMPTS: '1000000',
    IDENTITY_SELFSERVICE_METHODS_PASSWORD_CONFIG_LOGIN_THROTTLE_IDENTIFIER_MAX_ATTEMPTS: '1000000',
    IDENTITY_SELFSERVICE_METHODS_PASSWORD_CONFIG_LOGIN_THROTTLE_ADDRESS_MAX_ATTEMPTS: '1000000',
  };
  for (const listener of listeners) {
    ports[listener.name] = await freePort();
    env[`${listener.env}_PORT`] = String(ports[listener.name]);
    env[`${listener.env}_HOST`] = '127.0.0.1';
  }
  const server = await serve({ args: ['serve', 'all', '--dev'], env, readyPort: ports['oauth2.admin'] });
  const failures = [];
  let corpus = [];
  const counts = { answered: 0, closed: 0, bare: 0, byStatus: {} };
  const kestrelOnly = {};
  try {
    corpus = buildCorpus(SEED, await prepareIdentity(ports));
    let next = 0;
    const worker = async () => {
      while (next < corpus.length) {
        const item = corpus[next++];
        const answer = await exchange({ port: ports[item.listener.name], bytes: item.bytes, halfClose: item.halfClose, head: item.head, timeoutMs: 15000 });
        counts[answer.outcome] = (counts[answer.outcome] ?? 0) + 1;
        if (answer.status) counts.byStatus[answer.status] = (counts.byStatus[answer.status] ?? 0) + 1;
        if (answer.outcome === 'closed' || (answer.status >= 400 && answer.body.length === 0 && !item.head)) {
          counts.bare++;
          const seen = `${item.label}: ${answer.status ?? 'closed'}`;
          kestrelOnly[seen] = (kestrelOnly[seen] ?? 0) + 1;
        }
        const wrong = problem(item, answer);
        if (wrong) failures.push(`${item.id}: ${wrong}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // Still serving after all of it.
    for (const listener of listeners) {
      const alive = await exchange({ port: ports[listener.name], bytes: Buffer.from('GET /health/alive HTTP/1.1\r\nHost: localhost\r\n\r\n') });
      if (alive.status !== 200) failures.push(`${listener.name}: /health/alive answered ${alive.status ?? alive.outcome} after the corpus`);
    }
  } finally {
    await server.stop();
  }
  const endpoints = new Set(corpus.map((c) => `${c.listener.name} ${c.route.path}`));
  t.diagnostic(`corpus: ${corpus.length} requests, ${endpoints.size} paths on ${listeners.length} listeners (seed ${SEED.toString(16)})`);
  t.diagnostic(`answers: ${JSON.stringify(counts)}`);
  t.diagnostic(`answered by Kestrel alone, without a body (or closed): ${JSON.stringify(kestrelOnly)}`);
  // HOSTILE_CORPUS_REPORT=file keeps every failure and the server's log, for a closer look.
  if (process.env.HOSTILE_CORPUS_REPORT) {
    writeFileSync(process.env.HOSTILE_CORPUS_REPORT, failures.join('\n') + '\n');
    writeFileSync(`${process.env.HOSTILE_CORPUS_REPORT}.log`, server.log);
  }
  assert.deepEqual(failures.slice(0, 60), [], `${failures.length} of ${corpus.length} hostile requests were answered wrongly`);
  assert.ok(!/Unhandled error/.test(server.log), 'the log reports an unhandled error');
});
