// The hostile request corpus: every endpoint of every listener, crossed with malformed and deep JSON,
// duplicate keys, bad escapes, huge numbers and strings, bad framing and chunking, oversized heads
// and bodies, wrong content types, bad methods and injection strings. Generated from fixed tables and
// a fixed seed, so every run sends the same bytes in the same order.

/** The seed of the corpus. Change it only on purpose: the corpus is meant to be the same every run. */
export const SEED = 0x7e55e7a;

/** A small deterministic generator (mulberry32): the corpus must not depend on Math.random. */
export function generator(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

// ---------------------------------------------------------------------------------------------
// Endpoints. `shapes` are the error shapes the endpoint itself answers in ('oauth2' is RFC 6749's
// flat {error, error_description}, 'ory' is {"error":{code,status,message}}); the listener's own shape
// (404, 405, 413 and framing errors) is always accepted too. `body` is what a write method reads.
// `fields` are the members the body (or query) is fuzzed with.
// ---------------------------------------------------------------------------------------------

const clientFields = ['client_id', 'client_name', 'client_secret', 'redirect_uris', 'grant_types', 'response_types', 'scope',
  'audience', 'token_endpoint_auth_method', 'jwks', 'jwks_uri', 'contacts', 'metadata', 'subject_type', 'owner',
  'post_logout_redirect_uris', 'allowed_cors_origins', 'access_token_strategy', 'skip_consent', 'request_uris',
  'backchannel_logout_uri', 'frontchannel_logout_uri', 'userinfo_signed_response_alg', 'token_endpoint_auth_signing_alg',
  'authorization_code_grant_access_token_lifespan', 'client_credentials_grant_access_token_lifespan'];
const lifespanFields = ['authorization_code_grant_access_token_lifespan', 'authorization_code_grant_id_token_lifespan',
  'authorization_code_grant_refresh_token_lifespan', 'client_credentials_grant_access_token_lifespan',
  'implicit_grant_access_token_lifespan', 'jwt_bearer_grant_access_token_lifespan', 'refresh_token_grant_access_token_lifespan',
  'device_authorization_grant_access_token_lifespan'];
const loginAcceptFields = ['subject', 'remember', 'remember_for', 'acr', 'amr', 'context', 'extend_session_lifespan', 'force_subject_identifier', 'identity_provider_session_id'];
const consentAcceptFields = ['grant_scope', 'grant_access_token_audience', 'remember', 'remember_for', 'session', 'context', 'handled_at'];
const rejectFields = ['error', 'error_description', 'error_hint', 'error_debug', 'status_code'];
const keyCreateFields = ['alg', 'use', 'kid'];
const jwkFields = ['kty', 'kid', 'alg', 'use', 'n', 'e', 'd', 'crv', 'x', 'y', 'k', 'keys'];
const trustFields = ['issuer', 'subject', 'scope', 'jwk', 'expires_at', 'allow_any_subject'];
const tokenFields = ['grant_type', 'client_id', 'client_secret', 'code', 'redirect_uri', 'refresh_token', 'scope', 'audience',
  'assertion', 'code_verifier', 'device_code', 'client_assertion_type', 'client_assertion'];
const authorizeFields = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'prompt', 'max_age', 'request',
  'request_uri', 'code_challenge', 'code_challenge_method', 'id_token_hint', 'login_hint', 'acr_values', 'claims', 'response_mode',
  'ui_locales', 'login_verifier', 'consent_verifier'];

const oauth2Public = [
  { path: '/.well-known/jwks.json', methods: ['GET'] },
  { path: '/.well-known/openid-configuration', methods: ['GET'] },
  { path: '/oauth2/token', methods: ['POST'], body: 'form', fields: tokenFields },
  { path: '/oauth2/revoke', methods: ['POST'], body: 'form', fields: ['token', 'token_type_hint', 'client_id', 'client_secret'] },
  { path: '/oauth2/auth', methods: ['GET', 'POST'], body: 'form', fields: authorizeFields },
  { path: '/oauth2/fallbacks/login', methods: ['GET'] },
  { path: '/oauth2/fallbacks/consent', methods: ['GET'] },
  { path: '/oauth2/fallbacks/logout', methods: ['GET'] },
  { path: '/oauth2/fallbacks/logout/callback', methods: ['GET'] },
  { path: '/oauth2/fallbacks/device', methods: ['GET'] },
  { path: '/oauth2/fallbacks/device/done', methods: ['GET'] },
  { path: '/oauth2/fallbacks/error', methods: ['GET'], fields: ['error', 'error_description', 'error_hint'] },
  { path: '/userinfo', methods: ['GET', 'POST'], body: 'form', fields: ['access_token'] },
  { path: '/oauth2/sessions/logout', methods: ['GET', 'POST'], body: 'form', fields: ['id_token_hint', 'post_logout_redirect_uri', 'state', 'client_id', 'logout_verifier'] },
  { path: '/oauth2/device/auth', methods: ['POST'], body: 'form', fields: ['client_id', 'scope', 'audience'] },
  { path: '/oauth2/device/verify', methods: ['GET'], fields: ['user_code', 'device_challenge', 'device_verifier'] },
  { path: '/oauth2/register', methods: ['POST'], body: 'json', fields: clientFields, shapes: ['oauth2', 'ory'], readsBodyFirst: true },
  { path: '/oauth2/register/{id}', methods: ['GET', 'PUT', 'DELETE'], body: 'json', fields: clientFields, shapes: ['oauth2', 'ory'] },
];

const health = [
  { path: '/health/alive', methods: ['GET'] },
  { path: '/health/ready', methods: ['GET'] },
];
const adminHealth = [...health, { path: '/version', methods: ['GET'] }, { path: '/metrics/prometheus', methods: ['GET'] }];
// Oathkeeper's readiness is a 503 with {"errors":{"rules":…}} (ory/x healthx) while no access rule is loaded, as under `serve all --dev`.
const proxyHealth = [health[0], { ...health[1], allow: [503] }];
// Oathkeeper's API port: the rules, the id_token mutator's keys, and the decisions, which judge every method
// and path by the access rules (none matches here, so any method is a 404 there, as on the proxy port).
const proxyApi = [
  { path: '/rules', methods: ['GET'], query: ['limit', 'offset'] },
  { path: '/rules/{rule}', methods: ['GET'] },
  { path: '/.well-known/jwks.json', methods: ['GET'] },
  { path: '/decisions/{path}', methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], body: 'json', fields: ['subject', 'extra'], catchAll: true },
];

function flowRoutes(prefix) {
  const flat = ['oauth2'];
  return [
    { path: `${prefix}/login`, methods: ['GET'], shapes: flat, fields: ['login_challenge', 'challenge'] },
    { path: `${prefix}/login/accept`, methods: ['PUT'], body: 'json', fields: loginAcceptFields, shapes: flat, readsBodyFirst: true, emptyIsObject: true },
    { path: `${prefix}/login/reject`, methods: ['PUT'], body: 'json', fields: rejectFields, shapes: flat, readsBodyFirst: true, emptyIsObject: true },
    { path: `${prefix}/consent`, methods: ['GET'], shapes: flat, fields: ['consent_challenge', 'challenge'] },
    { path: `${prefix}/consent/accept`, methods: ['PUT'], body: 'json', fields: consentAcceptFields, shapes: flat, readsBodyFirst: true, emptyIsObject: true },
    { path: `${prefix}/consent/reject`, methods: ['PUT'], body: 'json', fields: rejectFields, shapes: flat, readsBodyFirst: true, emptyIsObject: true },
    { path: `${prefix}/logout`, methods: ['GET'], shapes: flat, fields: ['logout_challenge', 'challenge'] },
    { path: `${prefix}/logout/accept`, methods: ['PUT'], shapes: flat, fields: ['logout_challenge'] },
    { path: `${prefix}/logout/reject`, methods: ['PUT'], shapes: flat, fields: ['logout_challenge'] },
    { path: `${prefix}/device/accept`, methods: ['PUT'], body: 'json', fields: ['user_code'], shapes: flat, readsBodyFirst: true, emptyIsObject: true },
  ];
}

function adminRoutes(v1) {
  const p = v1 ? '' : '/admin';
  const both = ['ory', 'oauth2'];
  const routes = [
    { path: `${p}/clients`, methods: ['GET', 'POST'], body: 'json', fields: clientFields, shapes: both, readsBodyFirst: true, query: ['page_size', 'page_token', 'client_name', 'owner'] },
    { path: `${p}/clients/{id}`, methods: ['GET', 'PUT', 'PATCH', 'DELETE'], body: 'json', fields: clientFields, shapes: both, readsBodyFirst: true },
    { path: `${p}/clients/{id}/lifespans`, methods: ['PUT'], body: 'json', fields: lifespanFields, shapes: both },
    { path: `${p}/keys/{set}`, methods: ['GET', 'POST', 'PUT', 'DELETE'], body: 'json', fields: [...keyCreateFields, 'keys'], shapes: ['ory'], readsBodyFirst: true },
    { path: `${p}/keys/{set}/{kid}`, methods: ['GET', 'PUT', 'DELETE'], body: 'json', fields: jwkFields, shapes: ['ory'], readsBodyFirst: true },
    { path: `${p}/trust/grants/jwt-bearer/issuers`, methods: ['GET', 'POST'], body: 'json', fields: trustFields, shapes: both, readsBodyFirst: true, query: ['page_size', 'page_token', 'issuer'] },
    { path: `${p}/trust/grants/jwt-bearer/issuers/{id}`, methods: ['GET', 'DELETE'], shapes: both },
    { path: `${p}/oauth2/introspect`, methods: ['POST'], body: 'form', fields: ['token', 'scope'], shapes: both },
    { path: `${p}/oauth2/flush`, methods: ['POST'], body: 'json', fields: ['notAfter'], shapes: ['ory'], readsBodyFirst: true, emptyIsObject: true },
    { path: `${p}/oauth2/auth/sessions/consent`, methods: ['GET', 'DELETE'], shapes: both, fields: ['subject', 'client', 'consent_request_id', 'all', 'page_size', 'page_token', 'login_session_id'] },
    { path: `${p}/oauth2/auth/sessions/login`, methods: ['DELETE'], shapes: both, fields: ['subject', 'sid'] },
    { path: `${p}/oauth2/tokens`, methods: ['DELETE'], shapes: both, fields: ['client_id'] },
    ...flowRoutes(`${p}/oauth2/auth/requests`),
  ];
  return v1 ? routes.map((route) => ({ ...route, alias: true })) : routes;
}

// The identity service (Kratos's routes). Placeholders in a path or a query name what fills them:
// {identity}, {session} and {flow} are filled with an id that exists (made before the corpus runs) or
// with garbage; {schema} with a configured schema id or garbage. `flow` names the flow kind whose real
// ids fill {flow}. `session: true` sends half of the requests with a real session token. Self-service
// submissions read JSON and urlencoded forms (`body: 'both'`) and answer validation problems with the
// flow itself (shape 'flow').
const identityFields = ['schema_id', 'traits', 'state', 'metadata_public', 'metadata_admin', 'external_id', 'organization_id',
  'credentials', 'verifiable_addresses', 'recovery_addresses', 'id'];
const identityQuery = ['page_size', 'page_token', 'page', 'per_page', 'credentials_identifier', 'preview_credentials_identifier_similar', 'ids',
  'organization_id', 'include_credential'];
const flowQuery = ['return_to', 'refresh', 'aal', 'login_challenge', 'organization', 'identity_schema', 'via',
  'return_session_token_exchange_code', 'after_verification_return_to'];
const loginFields = ['method', 'identifier', 'password', 'password_identifier', 'csrf_token', 'traits', 'traits.email', 'traits.name',
  'screen', 'transient_payload', 'flow', 'id'];
const settingsFields = ['method', 'password', 'traits', 'traits.email', 'traits.name', 'csrf_token', 'transient_payload', 'flow'];
const idShapes = ['ory', 'flow'];
const validLogin = { method: 'password', identifier: 'hostile0@example.com', password: 'a hostile corpus passphrase 0' };
const validRegistration = { method: 'password', traits: { email: 'someone@example.com', name: 'x' }, password: 'another hostile corpus passphrase' };
const validSettings = { method: 'profile', traits: { email: 'hostile1@example.com', name: 'y' } };

const jsonPatches = [
  ['patch replace id', '[{"op":"replace","path":"/id","value":"x"}]'],
  ['patch bad op', '[{"op":"explode","path":"/traits"}]'],
  ['patch no path', '[{"op":"add","value":1}]'],
  ['patch path not a pointer', '[{"op":"add","path":"traits","value":1}]'],
  ['patch bad escape', '[{"op":"add","path":"/traits/~2","value":1}]'],
  ['patch dash', '[{"op":"add","path":"/traits/-","value":1}]'],
  ['patch deep path', `[{"op":"add","path":"${'/a'.repeat(500)}","value":1}]`],
  ['patch move into itself', '[{"op":"move","from":"/traits","path":"/traits/x"}]'],
  ['patch copy missing', '[{"op":"copy","from":"/nope","path":"/traits"}]'],
  ['patch test fails', '[{"op":"test","path":"/state","value":"nope"}]'],
  ['patch remove everything', '[{"op":"remove","path":""}]'],
  ['patch replace root', '[{"op":"replace","path":"","value":[]}]'],
  ['patch state junk', '[{"op":"replace","path":"/state","value":{"a":1}}]'],
  ['patch traits deep', `[{"op":"replace","path":"/traits","value":${'{"a":'.repeat(60)}1${'}'.repeat(60)}}]`],
  ['patch array index huge', '[{"op":"add","path":"/traits/emails/99999999999999999999","value":1}]'],
  ['patch 5000 ops', JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ op: 'add', path: `/metadata_public/k${i}`, value: i })))],
  ['patch schema unknown', '[{"op":"replace","path":"/schema_id","value":"nope"}]'],
  ['patch organization junk', '[{"op":"replace","path":"/organization_id","value":"not-a-uuid"}]'],
];
const batches = [
  ['batch no identities', '{}'], ['batch identities null', '{"identities":null}'], ['batch identities object', '{"identities":{}}'],
  ['batch item null', '{"identities":[null]}'], ['batch item junk', '{"identities":[1,"x",[]]}'],
  ['batch create junk', '{"identities":[{"create":"x","patch_id":"x"}]}'],
  ['batch patch id junk', '{"identities":[{"create":{"schema_id":"default","traits":{"email":"b1@example.com"}},"patch_id":"not-a-uuid"}]}'],
  ['batch duplicate identifiers', '{"identities":[{"create":{"schema_id":"default","traits":{"email":"dup@example.com"}}},{"create":{"schema_id":"default","traits":{"email":"DUP@example.com"}}}]}'],
  ['batch 1001 items', JSON.stringify({ identities: Array.from({ length: 1001 }, () => ({ create: { schema_id: 'default', traits: { email: 'x' } } })) })],
  ['batch bad password hash', '{"identities":[{"create":{"schema_id":"default","traits":{"email":"h@example.com"},"credentials":{"password":{"config":{"hashed_password":"$2a$99$x"}}}}}]}'],
  ['batch unknown schema', '{"identities":[{"create":{"schema_id":"nope","traits":{}}}]}'],
];
const identityBodies = [
  ['create minimal', '{"schema_id":"default","traits":{"email":"minimal@example.com"}}'],
  ['create unknown schema', '{"schema_id":"nope","traits":{}}'],
  ['create traits not an object', '{"schema_id":"default","traits":"x"}'],
  ['create bad state', '{"schema_id":"default","state":"frozen","traits":{"email":"s@example.com"}}'],
  ['create password cleartext long', `{"schema_id":"default","traits":{"email":"l@example.com"},"credentials":{"password":{"config":{"password":"${'p'.repeat(100000)}"}}}}`],
  ['create hash junk', '{"schema_id":"default","traits":{"email":"j@example.com"},"credentials":{"password":{"config":{"hashed_password":"$argon2id$v=19$m=99999999999,t=1,p=1$c2FsdA$aGFzaA"}}}}'],
  ['create hash pbkdf2 huge', '{"schema_id":"default","traits":{"email":"k@example.com"},"credentials":{"password":{"config":{"hashed_password":"$pbkdf2-sha256$i=2147483647,l=32$c2FsdA$aGFzaA"}}}}'],
  ['create credentials junk', '{"schema_id":"default","traits":{"email":"c@example.com"},"credentials":{"password":{"config":[]},"totp":{},"x":null}}'],
  ['create addresses junk', '{"schema_id":"default","traits":{"email":"a@example.com"},"verifiable_addresses":[{"value":null,"verified":"yes","status":7}],"recovery_addresses":"x"}'],
  ['create organization junk', '{"schema_id":"default","traits":{"email":"o@example.com"},"organization_id":"../../x"}'],
  ['create external id huge', `{"schema_id":"default","traits":{"email":"e@example.com"},"external_id":"${'e'.repeat(100000)}"}`],
  ['create metadata deep', `{"schema_id":"default","traits":{"email":"m@example.com"},"metadata_public":${'{"a":'.repeat(62)}1${'}'.repeat(62)}}`],
  ['create email 300 chars', `{"schema_id":"default","traits":{"email":"${'a'.repeat(300)}@example.com"}}`],
  ['create email NUL', '{"schema_id":"default","traits":{"email":"a\u0000b@example.com"}}'],
];
const submissionBodies = [
  ['login password', JSON.stringify(validLogin)],
  ['login wrong password', JSON.stringify({ ...validLogin, password: 'wrong' })],
  ['login legacy identifier', JSON.stringify({ method: 'password', password_identifier: 'hostile0@example.com', password: 'x' })],
  ['login password 100 KB', JSON.stringify({ ...validLogin, password: 'p'.repeat(100000) })],
  ['login identifier 100 KB', JSON.stringify({ ...validLogin, identifier: 'i'.repeat(100000) })],
  ['login identifier object', '{"method":"password","identifier":{"a":1},"password":["x"]}'],
  ['login identifier first', '{"method":"identifier_first","identifier":"hostile0@example.com"}'],
  ['method unknown', '{"method":"webauthn"}'], ['method object', '{"method":{}}'], ['method null', '{"method":null}'],
  ['registration password', JSON.stringify(validRegistration)],
  ['registration profile', '{"method":"profile","traits":{"email":"p@example.com"}}'],
  ['registration profile back', '{"method":"profile","screen":"previous"}'],
  ['registration traits array', '{"method":"password","traits":[],"password":"a long enough passphrase"}'],
  ['registration traits deep', `{"method":"password","traits":${'{"a":'.repeat(62)}1${'}'.repeat(62)},"password":"a long enough passphrase"}`],
  ['registration password 80 bytes', JSON.stringify({ ...validRegistration, password: 'é'.repeat(40) })],
  ['registration password lone identifier', '{"method":"password","traits":{"email":"x@example.com"},"password":"x@example.com"}'],
  ['settings profile', JSON.stringify(validSettings)],
  ['settings password', '{"method":"password","password":"a new hostile passphrase 11"}'],
  ['settings password empty', '{"method":"password","password":""}'],
  ['csrf token junk', '{"method":"password","csrf_token":{"x":1},"identifier":"a","password":"b"}'],
  // __CSRF__ is replaced with the anti-CSRF token of the browser flows made before the corpus runs.
  ['login password with csrf', JSON.stringify({ ...validLogin, csrf_token: '__CSRF__' })],
  ['registration password with csrf', JSON.stringify({ ...validRegistration, csrf_token: '__CSRF__' })],
  ['registration profile with csrf', '{"method":"profile","csrf_token":"__CSRF__","traits":{"email":"pc@example.com"}}'],
  ['settings password with csrf', '{"method":"password","csrf_token":"__CSRF__","password":"yet another hostile passphrase"}'],
  ['transient payload deep', `{"method":"password","identifier":"a","password":"b","transient_payload":${'['.repeat(62)}${']'.repeat(62)}}`],
];
const submissionForms = [
  ['form registration deep traits', `method=password&traits.email=fdeep%40example.com&password=a+long+enough+passphrase+here&traits.${'x.'.repeat(100)}x=1`],
  ['form login password', 'method=password&identifier=hostile0%40example.com&password=a+hostile+corpus+passphrase+0'],
  ['form registration password', 'method=password&traits.email=f%40example.com&traits.name=x&password=another+hostile+corpus+passphrase'],
  ['form traits clash', 'method=profile&traits=x&traits.email=y&traits.email.deep=z'],
  ['form deep dotted name', `method=password&${'traits.'.repeat(400)}x=1&password=x`],
  ['form empty segments', 'method=password&..=1&traits..email=2&.=3&traits.=4'],
  ['form proto names', 'method=password&__proto__.x=1&constructor.prototype.x=2&traits.__proto__=3'],
  ['form csrf only', 'csrf_token=x'],
  ['form login with csrf', 'method=password&csrf_token=__CSRF__&identifier=hostile0%40example.com&password=wrong'],
  ['form registration with csrf', 'method=password&csrf_token=__CSRF__&traits.email=fc%40example.com&password=a+long+enough+passphrase+here'],
  ['form deep traits with csrf', `method=profile&csrf_token=__CSRF__&traits.email=fd%40example.com&traits.${'x.'.repeat(80)}x=1`],
];

function selfServiceRoutes(name) {
  const fields = name === 'settings' ? settingsFields : loginFields;
  const session = name === 'settings';
  return [
    { path: `/self-service/${name}/browser`, methods: ['GET'], shapes: idShapes, query: flowQuery, session },
    { path: `/self-service/${name}/api`, methods: ['GET'], shapes: idShapes, query: flowQuery, session },
    { path: `/self-service/${name}/flows?id={flow}`, methods: ['GET'], shapes: idShapes, flow: name, query: ['id'], session },
    // Kratos routes GET /self-service/settings to the submission too (the form in the query).
    { path: `/self-service/${name}?flow={flow}`, methods: name === 'settings' ? ['GET', 'POST'] : ['POST'], body: 'both', fields, shapes: idShapes, flow: name, session: true,
      bodies: submissionBodies, forms: submissionForms, query: ['flow'] },
  ];
}

const identityPublic = [
  ...health,
  { path: '/schemas', methods: ['GET'], query: ['page_size', 'page_token'] },
  { path: '/schemas/{schema}', methods: ['GET'] },
  { path: '/sessions/whoami', methods: ['GET', 'POST', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'], query: ['tokenize_as'], session: true },
  ...selfServiceRoutes('login'),
  ...selfServiceRoutes('registration'),
  ...selfServiceRoutes('settings'),
  { path: '/self-service/errors?id={error}', methods: ['GET'], query: ['id', 'error'] },
  { path: '/.well-known/change-password', methods: ['GET'] },
  // Last: these revoke sessions the routes above use.
  { path: '/sessions', methods: ['GET', 'DELETE'], query: ['page_size', 'page_token'], session: true },
  // DELETE is /sessions/{session}'s (as httprouter routes it in Kratos).
  { path: '/sessions/token-exchange', methods: ['GET', 'DELETE'], query: ['init_code', 'return_to_code'] },
  { path: '/sessions/{session}', methods: ['DELETE'], session: true },
  { path: '/self-service/logout/browser', methods: ['GET'], query: ['return_to'], session: true },
  { path: '/self-service/logout', methods: ['GET'], query: ['token', 'return_to'], session: true },
  { path: '/self-service/logout/api', methods: ['DELETE'], body: 'json', fields: ['session_token'], deleteBody: true, readsBodyFirst: true,
    bodies: [['token unknown', '{"session_token":"ory_st_unknown"}'], ['token number', '{"session_token":1}'], ['token 100 KB', `{"session_token":"${'t'.repeat(100000)}"}`]] },
];

const identityAdmin = [
  ...adminHealth,
  ...['', '/admin'].flatMap((p) => [
    { path: `${p}/schemas`, methods: ['GET'], query: ['page_size', 'page_token'] },
    { path: `${p}/schemas/{schema}`, methods: ['GET'] },
  ]),
  { path: '/admin/identities', methods: ['GET', 'POST', 'PATCH'], body: 'json', fields: identityFields, query: identityQuery, readsBodyFirst: true,
    bodies: [...identityBodies, ...batches] },
  { path: '/admin/identities/by/external/{external}', methods: ['GET'], query: ['include_credential'] },
  { path: '/admin/sessions', methods: ['GET'], query: ['active', 'expand', 'page_size', 'page_token'] },
  // As Kratos's admin listener, the same routes without the /admin prefix.
  { path: '/identities', methods: ['GET', 'POST', 'PATCH'], body: 'json', fields: identityFields, query: identityQuery, readsBodyFirst: true,
    bodies: identityBodies },
  { path: '/sessions', methods: ['GET'], query: ['active', 'expand', 'page_size', 'page_token'] },
  { path: '/admin/sessions/{session}/extend', methods: ['PATCH'] },
  // Last: these delete what the routes above read.
  { path: '/admin/sessions/{session}', methods: ['GET', 'DELETE'], query: ['expand'] },
  { path: '/admin/identities/{identity}/sessions', methods: ['GET', 'DELETE'], query: ['active', 'page_size', 'page_token'] },
  { path: '/admin/identities/{identity}/credentials/{type}', methods: ['DELETE'], query: ['identifier'] },
  { path: '/admin/identities/{identity}', methods: ['GET', 'PUT', 'PATCH', 'DELETE'], body: 'json', fields: identityFields, query: ['include_credential'],
    readsBodyFirst: true, bodies: [...identityBodies, ...jsonPatches] },
];

/** Every listener `serve all --dev` opens, with the error shape of its own answers (404, 405, 413…). */
export const listeners = [
  { name: 'oauth2.public', env: 'OAUTH2_SERVE_PUBLIC', shape: 'oauth2', routes: [...oauth2Public, ...health] },
  { name: 'oauth2.admin', env: 'OAUTH2_SERVE_ADMIN', shape: 'ory', routes: [...adminRoutes(false), ...adminRoutes(true), ...adminHealth] },
  { name: 'identity.public', env: 'IDENTITY_SERVE_PUBLIC', shape: 'ory', routes: identityPublic },
  { name: 'identity.admin', env: 'IDENTITY_SERVE_ADMIN', shape: 'ory', routes: identityAdmin },
  // Oathkeeper's proxy port judges every other method and path by the access rules: none matches here, so 404.
  { name: 'proxy.proxy', env: 'PROXY_SERVE_PROXY', shape: 'ory', routes: proxyHealth, catchAll: true },
  { name: 'proxy.api', env: 'PROXY_SERVE_API', shape: 'ory', routes: [...proxyHealth, ...adminHealth.slice(2), ...proxyApi] },
];

// ---------------------------------------------------------------------------------------------
// Payloads.
// ---------------------------------------------------------------------------------------------

const b = (s) => Buffer.from(s, 'utf8');
const raw = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? b(p) : Buffer.from(p))));

/** Strings that have broken parsers, templates, queries or logs elsewhere. */
const injections = [
  "' OR '1'='1' --", '"; DROP TABLE hydra_client; --', '1; SELECT pg_sleep(10)', '\') OR 1=1 /*', '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>', '{{7*7}}', '${7*7}', '#{7*7}', '${jndi:ldap://127.0.0.1:1/a}', '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd', '%00', 'a\r\nSet-Cookie: injected=1', 'a\nX-Injected: 1', '\u202e\u0000\u0007', '*)(uid=*))(|(uid=*',
  'javascript:alert(1)', 'http://127.0.0.1:1/', 'file:///etc/passwd', '\\\\evil\\share', '%s%s%s%n', '🦀'.repeat(64), 'A'.repeat(70000),
];

/** Hostile JSON values for a member (as JSON text). */
const hostileValues = [
  'null', 'true', 'false', '0', '-1', '1e308', '-1e308', '1e999', '123456789012345678901234567890', '9223372036854775808',
  '-9223372036854775809', '0.000000000000000000000000000001', '1.5', '""', '"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', '[]', '{}',
  '[null]', '[1,2,3]', '[[[[[[[[[[[]]]]]]]]]]]', '{"a":{"b":{"c":{}}}}', '"' + 'x'.repeat(100000) + '"',
  JSON.stringify(Array.from({ length: 5000 }, (_, i) => i)), JSON.stringify(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]))),
  ...injections.map((s) => JSON.stringify(s)), ...injections.map((s) => JSON.stringify([s])),
];

/**
 * Whole JSON bodies that are malformed, deep, duplicated, badly escaped or not objects. The third
 * member says the body is unacceptable as JSON (syntax, encoding, depth or a duplicate member): an
 * endpoint that reads its body first answers it with 400.
 */
export const jsonBodies = [
  ['empty', b(''), true], ['space', b('   '), true], ['open brace', b('{'), true], ['close brace', b('}'), true], ['open bracket', b('['), true],
  ['truncated member', b('{"a":'), true], ['trailing comma', b('{"a":1,}'), true], ['lone comma', b('{,}'), true], ['array trailing comma', b('[1,]'), true],
  ['missing colon', b('{"a" 1}'), true], ['single quotes', b("{'a':1}"), true], ['bare key', b('{a:1}'), true], ['bad literal', b('nul'), true],
  ['null', b('null')], ['true', b('true')], ['number', b('42')], ['string', b('"str"')], ['empty array', b('[]')], ['array of object', b('[{}]')],
  ['garbage after', b('{}garbage'), true], ['two documents', b('{}{}'), true], ['trailing NUL', raw('{}', [0]), true], ['BOM', raw([0xef, 0xbb, 0xbf], '{}')],
  ['comment', b('/* c */ {}'), true], ['NaN', b('{"a":NaN}'), true], ['Infinity', b('{"a":Infinity}'), true], ['minus alone', b('{"a":-}'), true],
  ['leading zero', b('{"a":01}'), true], ['huge exponent', b('{"a":1e999}')], ['negative huge exponent', b('{"a":-1e999}')],
  ['30 digit integer', b('{"a":123456789012345678901234567890}')], ['denormal underflow', b('{"a":1.0e-400}')],
  ['bad escape', b('{"a":"\\x"}'), true], ['short unicode escape', b('{"a":"\\u12"}'), true], ['non-hex unicode escape', b('{"a":"\\uZZZZ"}'), true],
  ['lone high surrogate', b('{"a":"\\ud800"}'), true], ['lone low surrogate', b('{"a":"\\udc00"}'), true], ['reversed surrogates', b('{"a":"\\udc00\\ud800"}'), true],
  ['two high surrogates', b('{"a":"\\ud800\\ud800"}'), true], ['lone surrogate in a name', b('{"\\ud800":1}'), true],
  ['lone surrogate nested', b('{"metadata":{"x":["\\ud800"]}}'), true],
  ['invalid UTF-8', raw('{"a":"', [0xff, 0xfe], '"}'), true], ['overlong UTF-8', raw('{"a":"', [0xc0, 0xaf], '"}'), true],
  ['UTF-8 encoded surrogate', raw('{"a":"', [0xed, 0xa0, 0x80], '"}'), true], ['truncated UTF-8', raw('{"a":"', [0xe2, 0x82], '"}'), true],
  ['raw control character', raw('{"a":"', [0x01], '"}'), true], ['raw newline in string', b('{"a":"x\ny"}'), true],
  ['duplicate key', b('{"a":1,"a":2}'), true], ['duplicate key through an escape', b('{"a":1,"\\u0061":2}'), true],
  ['nested duplicate key', b('{"x":{"a":1,"a":2}}'), true], ['duplicate key in an array', b('[{"a":1,"a":1}]'), true],
  ['duplicate of every kind', b('{"client_name":"a","client_name":"b","subject":"a","subject":"b","alg":"RS256","alg":"ES256"}'), true],
  ['depth 65 arrays', b('['.repeat(65) + ']'.repeat(65)), true], ['depth 65 objects', b('{"a":'.repeat(65) + '1' + '}'.repeat(65)), true],
  ['depth 5000 objects', b('{"a":'.repeat(5000) + '1' + '}'.repeat(5000)), true], ['100k open brackets', b('['.repeat(100000)), true],
  ['huge string', b(`{"a":"${'x'.repeat(900000)}"}`)], ['huge key', b(`{"${'k'.repeat(200000)}":1}`)],
  ['many members', b(JSON.stringify(Object.fromEntries(Array.from({ length: 20000 }, (_, i) => [`m${i}`, i]))))],
  ['too large', b(`{"a":"${'x'.repeat(1100000)}"}`)],
  ['escaped NUL everywhere', b('{"\\u0000":"\\u0000","client_name":"\\u0000"}')],
];

/** Whole form bodies that are malformed or hostile. */
export const formBodies = [
  ['empty', b('')], ['name only', b('a')], ['equals only', b('=')], ['ampersands', b('&&&')], ['percent alone', b('%')],
  ['bad percent', b('%zz=%zz')], ['percent NUL', b('a=%00&grant_type=%00')], ['invalid UTF-8 escape', b('grant_type=%ff%fe')],
  ['overlong UTF-8 escape', b('grant_type=%c0%af')], ['raw NUL', raw('grant_type=a', [0], 'b')], ['raw invalid UTF-8', raw('grant_type=', [0xff, 0xfe])],
  ['pluses', b('+++=+++')], ['%u escape', b('grant_type=%u0041')], ['duplicate parameter', b('grant_type=client_credentials&grant_type=password')],
  ['3000 fields', b(Array.from({ length: 3000 }, (_, i) => `k${i}=v`).join('&'))], ['3 KB name', b(`${'k'.repeat(3000)}=v`)],
  ['900 KB value', b(`a=${'x'.repeat(900000)}`)], ['too large', b(`a=${'x'.repeat(1100000)}`)],
  ['JSON as form', b('{"grant_type":"client_credentials"}')],
  ['every grant type', b('grant_type=authorization_code&code=ory_ac_x.y&redirect_uri=http%3A%2F%2Fx&client_id=c&grant_type=refresh_token')],
  ['jwt-bearer with junk assertion', b('grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=a.b.c')],
  ['client assertion junk', b('grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=eyJ%25%25.eyJ.x')],
  ['claims junk', b('claims=%7B%22id_token%22%3A%7B%22a%22%3A%7B%22a%22%3A1%2C%22a%22%3A2%7D%7D%7D&response_type=code&client_id=x')],
];

/** Hostile form values (before encoding). */
const formValues = [
  '', ' ', 'x', '-1', '99999999999999999999999', '1e999', 'NaN', 'null', '[]', '{}', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IlxcdWQ4MDAifQ.e30.AAAA', 'ory_at_x.y', 'ory_rt_' + 'a'.repeat(5000), 'ory_ac_..', '{"a":1,"a":2}',
  '{"id_token":{"\\ud800":null}}', 'code id_token token', 'none login consent select_account', 'S256', 'plain', 'query fragment form_post',
  'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer', ...injections,
];

/** Paths parameters ({id}, {set}, {kid}) worth trying. */
const pathValues = ['x', 'hydra.openid.id-token', '%2e%2e', '..%2f..%2fetc', '%ff%fe', 'a%20b', '%F0%9F%A6%80', 'k'.repeat(300),
  "'%20OR%201=1--", '%3Cscript%3E', '%5Cud800', 'a;b', 'a%2Fb'];

// ---------------------------------------------------------------------------------------------
// Request bytes.
// ---------------------------------------------------------------------------------------------

function head(method, target, headers, version = 'HTTP/1.1') {
  const lines = [`${method} ${target} ${version}`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
}

function withBody(method, target, body, contentType, extra = []) {
  const headers = [['Host', 'localhost'], ...extra];
  if (contentType !== null) headers.push(['Content-Type', contentType]);
  headers.push(['Content-Length', String(body.length)]);
  return Buffer.concat([head(method, target, headers), body]);
}

function chunked(method, target, chunks, contentType = 'application/json', extra = []) {
  const headers = [['Host', 'localhost'], ['Content-Type', contentType], ['Transfer-Encoding', 'chunked'], ...extra];
  return Buffer.concat([head(method, target, headers), ...chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'latin1') : c))]);
}

const contentTypeOf = { json: 'application/json', form: 'application/x-www-form-urlencoded' };

function formEncode(pairs) {
  return b(pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
}

/** UUIDs that look right but name nothing. */
const uuids = ['00000000-0000-0000-0000-000000000000', '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', '6F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0',
  '{6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0}', '6f1e2d3c4b5a49688776a5b4c3d2e1f0', 'ffffffff-ffff-ffff-ffff-ffffffffffff'];

/**
 * Fills {id}, {set}, {kid} and the identity service's placeholders; `routable` leaves out values that
 * lead elsewhere (%2e%2e is a dot segment). With `pools` (placeholder → values that exist) and `real`,
 * an identity placeholder gets a value that exists; without, garbage or a UUID that names nothing.
 */
function fill(path, rng, routable = false, pools = null, real = false) {
  const values = routable ? pathValues.filter((v) => v !== '%2e%2e') : pathValues;
  return path.replace(/\{(\w+)\}/g, (_, name) => {
    const pool = pools?.[name];
    if (pool === undefined) return rng.pick(values);
    // Garbage values are written as they are (already encoded where they need it); real ones encoded.
    return real && pool.length > 0 ? encodeURIComponent(rng.pick(pool)) : rng.pick([...values, ...uuids]);
  });
}

/** `path` once for every value that exists of its first identity placeholder (the others picked by `rng`): `{value, target}`. */
function everyReal(path, pools, rng) {
  if (!pools) return [];
  const name = Object.keys(pools).find((key) => path.includes(`{${key}}`));
  return pools[name].map((value) => ({ value, target: fill(path.replace(`{${name}}`, encodeURIComponent(value)), rng, true, pools, true) }));
}

/** `target` with `query` (a=b&…) appended. */
function withQuery(target, query) {
  return `${target}${target.includes('?') ? '&' : '?'}${query}`;
}

/** The request with `name: value` added after its request line (when it has one). */
function addHeader(bytes, name, value) {
  if (!Buffer.isBuffer(bytes)) return bytes;
  const end = bytes.indexOf('\r\n');
  if (end < 0 || !/ HTTP\/1\.[01]$/.test(bytes.subarray(0, end).toString('latin1'))) return bytes;
  return Buffer.concat([bytes.subarray(0, end + 2), Buffer.from(`${name}: ${value}\r\n`, 'latin1'), bytes.subarray(end + 2)]);
}

/**
 * Body framing cases: the body's length or chunking is broken. Kestrel finds most of these only while
 * the endpoint reads the body, so they reach the request pipeline's edge mapping. `kestrel` marks the
 * ones Kestrel rejects while reading the request head, before any application code runs: it answers
 * those itself with an empty body (see docs/design/hostile-input.md), so they are held to "no 5xx,
 * an answer, no hang" only.
 */
function bodyFramingCases(method, target, bodyKind) {
  const ct = contentTypeOf[bodyKind] ?? 'application/json';
  const body = bodyKind === 'form' ? b('token=x') : b('{}');
  return [
    ['chunk size of 20 hex digits', { bytes: chunked(method, target, ['1'.repeat(20) + '\r\nabc\r\n0\r\n\r\n'], ct) }],
    ['chunk size of 9 hex digits', { bytes: chunked(method, target, ['fffffffff\r\nabc\r\n0\r\n\r\n'], ct) }],
    ['chunk size not hex', { bytes: chunked(method, target, ['zz\r\nabc\r\n0\r\n\r\n'], ct) }],
    ['chunk size negative', { bytes: chunked(method, target, ['-5\r\nabc\r\n0\r\n\r\n'], ct) }],
    ['chunk without CRLF', { bytes: chunked(method, target, ['3\r\nabcXX0\r\n\r\n'], ct) }],
    ['chunk extension 10 KB', { bytes: chunked(method, target, [`2;${'e'.repeat(10000)}\r\n{}\r\n0\r\n\r\n`], ct) }],
    ['chunked body cut short', { bytes: chunked(method, target, ['10\r\n{"a"'], ct), halfClose: true }],
    ['chunked trailer oversized', { bytes: chunked(method, target, [`2\r\n{}\r\n0\r\nX-T: ${'t'.repeat(40000)}\r\n\r\n`], ct) }],
    ['content length longer than body', { bytes: Buffer.concat([head(method, target, [['Host', 'localhost'], ['Content-Type', ct], ['Content-Length', '100']]), body]), halfClose: true }],
    ['content length shorter than body', { bytes: Buffer.concat([head(method, target, [['Host', 'localhost'], ['Content-Type', ct], ['Content-Length', '1']]), body]) }],
    ['content length and chunked', { bytes: chunked(method, target, ['2\r\n{}\r\n0\r\n\r\n'], ct, [['Content-Length', '2']]) }],
    ['content length of 20 digits', { bytes: Buffer.concat([head(method, target, [['Host', 'localhost'], ['Content-Type', ct], ['Content-Length', '99999999999999999999']]), body]), kestrel: true }],
    ['content length negative', { bytes: Buffer.concat([head(method, target, [['Host', 'localhost'], ['Content-Type', ct], ['Content-Length', '-1']]), body]), kestrel: true }],
    ['content length twice, different', { bytes: Buffer.concat([head(method, target, [['Host', 'localhost'], ['Content-Type', ct], ['Content-Length', '2'], ['Content-Length', '3']]), body]), kestrel: true }],
    ['content length over the cap', { bytes: head(method, target, [['Host', 'localhost'], ['Content-Type', ct], ['Content-Length', String(50 * 1024 * 1024)]]) }],
    ['transfer encoding gzip', { bytes: Buffer.concat([head(method, target, [['Host', 'localhost'], ['Content-Type', ct], ['Transfer-Encoding', 'gzip']]), body]), kestrel: true }],
    ['transfer encoding unknown then chunked', { bytes: chunked(method, target, ['2\r\n{}\r\n0\r\n\r\n'], ct, [['Transfer-Encoding', 'x-custom']]), kestrel: true }],
    ['expect 100-continue', { bytes: withBody(method, target, body, ct, [['Expect', '100-continue']]) }],
    ['expect something else', { bytes: withBody(method, target, body, ct, [['Expect', 'teapot']]) }],
  ];
}

/** Head framing cases: the request line or headers are broken or too large. */
function headFramingCases(method, target, bodyKind) {
  const ct = contentTypeOf[bodyKind] ?? 'application/json';
  const body = bodyKind === 'form' ? b('token=x') : b('{}');
  return [
    ['no host header', { bytes: Buffer.concat([head(method, target, [['Content-Type', ct], ['Content-Length', String(body.length)]]), body]), kestrel: true }],
    ['two host headers', { bytes: Buffer.concat([head(method, target, [['Host', 'a'], ['Host', 'b'], ['Content-Length', String(body.length)]]), body]), kestrel: true }],
    ['HTTP/1.0', { bytes: Buffer.concat([head(method, target, [['Content-Type', ct], ['Content-Length', String(body.length)]], 'HTTP/1.0'), body]) }],
    // Kestrel answers a version it does not speak with 505, as HTTP says (Go's server too, for 9.9).
    ['HTTP/1.2', { bytes: head(method, target, [['Host', 'localhost']], 'HTTP/1.2'), kestrel: true }, { expect: 505 }],
    ['HTTP/9.9', { bytes: head(method, target, [['Host', 'localhost']], 'HTTP/9.9'), kestrel: true }, { expect: 505 }],
    // No version is HTTP/0.9: Kestrel answers 505 when the line's last eight bytes stand where a version would, else 400.
    ['no version', { bytes: Buffer.from(`${method} ${target}\r\n\r\n`, 'latin1'), kestrel: true }, { expectAny: [400, 505] }],
    ['lower case method', { bytes: head(method.toLowerCase(), target, [['Host', 'localhost']]) }],
    ['header without colon', { bytes: head(method, target, [['Host', 'localhost'], ['Broken', '']]).toString('latin1').replace('Broken: ', 'Broken'), kestrel: true }],
    ['header with space before colon', { bytes: Buffer.from(`${method} ${target} HTTP/1.1\r\nHost: localhost\r\nX-Bad : 1\r\n\r\n`, 'latin1'), kestrel: true }],
    ['obsolete line folding', { bytes: Buffer.from(`${method} ${target} HTTP/1.1\r\nHost: localhost\r\nX-Fold: a\r\n b\r\n\r\n`, 'latin1'), kestrel: true }],
    ['NUL in a header', { bytes: Buffer.from(`${method} ${target} HTTP/1.1\r\nHost: localhost\r\nX-Nul: a\u0000b\r\n\r\n`, 'latin1'), kestrel: true }],
    ['bare LF line endings', { bytes: Buffer.from(`${method} ${target} HTTP/1.1\nHost: localhost\n\n`, 'latin1'), kestrel: true }],
    ['one 40 KB header', { bytes: head(method, target, [['Host', 'localhost'], ['X-Big', 'a'.repeat(40000)]]), kestrel: true }],
    ['200 headers', { bytes: head(method, target, [['Host', 'localhost'], ...Array.from({ length: 200 }, (_, i) => [`X-H${i}`, 'v'])]), kestrel: true }],
    ['10 KB request target', { bytes: head(method, `${target}?q=${'a'.repeat(10000)}`, [['Host', 'localhost']]), kestrel: true }],
    ['absolute-form target', { bytes: head(method, `http://evil.example${target}`, [['Host', 'localhost']]), kestrel: true }],
    ['asterisk target', { bytes: head(method, '*', [['Host', 'localhost']]), kestrel: true }],
    ['raw space in target', { bytes: head(method, `${target}/a b`, [['Host', 'localhost']]), kestrel: true }],
    ['raw non-ASCII in target', { bytes: Buffer.concat([Buffer.from(`${method} ${target}/`, 'latin1'), Buffer.from([0xff, 0xfe]), Buffer.from(' HTTP/1.1\r\nHost: localhost\r\n\r\n', 'latin1')]), kestrel: true }],
    ['garbage line', { bytes: Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a]), kestrel: true }],
    ['HTTP/2 preface', { bytes: Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), kestrel: true }],
  ];
}

/** Header cases: a well-framed request with hostile headers. */
function headerCases(method, target, bodyKind) {
  const ct = contentTypeOf[bodyKind] ?? null;
  const body = bodyKind === 'form' ? b('token=x&grant_type=client_credentials') : bodyKind === 'json' ? b('{}') : b('');
  const send = (extra, contentType = ct, payload = body) => ({ bytes: withBody(method, target, payload, contentType, extra) });
  return [
    ['basic auth not base64', send([['Authorization', 'Basic !!!']])],
    ['basic auth without colon', send([['Authorization', `Basic ${Buffer.from('nocolon').toString('base64')}`]])],
    ['basic auth invalid UTF-8', send([['Authorization', `Basic ${Buffer.from([0xff, 0x3a, 0xfe]).toString('base64')}`]])],
    ['basic auth percent junk', send([['Authorization', `Basic ${Buffer.from('%zz:%00').toString('base64')}`]])],
    ['bearer 16 KB', send([['Authorization', `Bearer ${'a'.repeat(16000)}`]])],
    ['bearer forged', send([['Authorization', 'Bearer ory_at_forged.signature']])],
    ['unknown scheme', send([['Authorization', 'Negotiate YIIB']])],
    ['two authorization headers', send([['Authorization', 'Basic YTpi'], ['Authorization', 'Bearer x']])],
    ['request id 4 KB', send([['X-Request-Id', 'r'.repeat(4000)]])],
    ['cookie junk', send([['Cookie', 'ory_hydra_login_csrf=%%%; ory_hydra_consent_csrf_x="\\u0000"; ;;;=']])],
    ['forwarded junk', send([['X-Forwarded-Proto', 'gopher'], ['X-Forwarded-For', '::::'], ['Forwarded', 'for="[::1']])],
    ['origin preflight', { bytes: head('OPTIONS', target, [['Host', 'localhost'], ['Origin', 'https://evil.example'], ['Access-Control-Request-Method', method]]) }],
    ['origin header', send([['Origin', 'null']])],
    ['accept junk', send([['Accept', '*/*;q=NaN, text/html;q=2']])],
    ['range header', send([['Range', 'bytes=99999999999999999999-']])],
    ['content encoding gzip', send([['Content-Encoding', 'gzip']])],
  ];
}

/** Content type cases: a body the endpoint reads, labelled wrongly. */
function contentTypeCases(method, target, bodyKind) {
  const ct = contentTypeOf[bodyKind] ?? null;
  const body = bodyKind === 'form' ? b('token=x&grant_type=client_credentials') : b('{}');
  const send = (contentType, payload = body) => ({ bytes: withBody(method, target, payload, contentType) });
  return [
    ['content type text/plain', send('text/plain')],
    ['no content type', send(null)],
    ['content type multipart without boundary', send('multipart/form-data')],
    ['content type multipart broken', send('multipart/form-data; boundary=x', b('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb'))],
    ['content type json utf-16', send('application/json; charset=utf-16')],
    ['content type form with json', send('application/x-www-form-urlencoded', b('{"a":1}'))],
    ['content type json with form', send('application/json', b('grant_type=client_credentials'))],
    ['content type junk', send(';;;=;')],
    ['content type 4 KB', send(`${ct ?? 'application/json'}; x=${'y'.repeat(4000)}`)],
  ];
}

/** Query cases for a route with query parameters (or every route: unknown parameters must be ignored). */
function queryCases(path, fields, rng) {
  const names = fields?.length ? fields : ['q'];
  const cases = [
    ['query bad percent', withQuery(path, `%zz=%zz&${names[0]}=%`)],
    ['query NUL', withQuery(path, `${names[0]}=%00`)],
    ['query invalid UTF-8', withQuery(path, `${names[0]}=%ff%fe`)],
    ['query 1000 parameters', withQuery(path, `${Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join('&')}`)],
    ['query duplicate', withQuery(path, `${names[0]}=a&${names[0]}=b`)],
    ['query array syntax', withQuery(path, `${names[0]}[]=a&${names[0]}[x]=b`)],
  ];
  for (let i = 0; i < 6; i++) {
    const name = rng.pick(names);
    // Short enough to stay under Kestrel's 8 KB request line (longer ones are a head framing case).
    cases.push([`query ${name} hostile`, withQuery(path, `${encodeURIComponent(name)}=${encodeURIComponent(rng.pick(formValues.filter((v) => v.length < 1000)))}`)]);
  }
  return cases;
}

/** Members of an otherwise plausible object, one at a time set to a hostile value; plus byte-level mutations. */
function jsonFieldBodies(fields, rng, count) {
  const bodies = [];
  for (let i = 0; i < count; i++) {
    const field = rng.pick(fields);
    const value = rng.pick(hostileValues);
    const others = fields.filter((f) => f !== field).slice(0, rng.int(4)).map((f) => `${JSON.stringify(f)}:${rng.pick(hostileValues.slice(0, 24))}`);
    bodies.push([`${field}=${value.slice(0, 24)}`, b(`{${[...others, `${JSON.stringify(field)}:${value}`].join(',')}}`)]);
  }
  return bodies;
}

function mutate(bytes, rng) {
  const copy = Buffer.from(bytes);
  const edits = 1 + rng.int(4);
  for (let i = 0; i < edits; i++) {
    const at = rng.int(copy.length);
    copy[at] = rng.pick([0x00, 0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0xff, 0x80, 0x0a, rng.int(256)]);
  }
  return copy;
}

function formFieldBodies(fields, rng, count) {
  const bodies = [];
  for (let i = 0; i < count; i++) {
    const pairs = [];
    for (let n = 1 + rng.int(4); n > 0; n--) pairs.push([rng.pick(fields), rng.pick(formValues)]);
    bodies.push([`form ${pairs.map(([k]) => k).join('+')}`, formEncode(pairs)]);
  }
  return bodies;
}

const probeMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'FOO', 'PROPFIND'];

/** `count` distinct members of `list`, chosen by `rng`. */
function sample(list, count, rng) {
  const pool = [...list];
  const chosen = [];
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(rng.int(pool.length), 1)[0]);
  return chosen;
}

/** Session credentials that name nothing, or are broken. */
const hostileCredentials = [
  ['X-Session-Token', ''], ['X-Session-Token', 'ory_st_'], ['X-Session-Token', `ory_st_${'a'.repeat(4000)}`], ['X-Session-Token', 'ory_st_%00%ff'],
  ['Authorization', 'Bearer '], ['Authorization', 'Bearer ory_st_x y'], ['Cookie', 'ory_kratos_session='], ['Cookie', 'ory_kratos_session=%%%'],
  ['Cookie', `ory_kratos_session=${'A'.repeat(3000)}`], ['Cookie', 'ory_kratos_session=MTIz; ory_kratos_session=NDU2'],
  ['Cookie', 'ory_kratos_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'], ['Cookie', 'ory_kratos_session="quoted"'],
];

/** The credentials one request of a session route carries, or null. */
function credentialOf(live, rng) {
  const roll = rng.int(8);
  if (roll < 2) return ['X-Session-Token', rng.pick(live.tokens)];
  if (roll === 2) return ['Authorization', `Bearer ${rng.pick(live.tokens)}`];
  if (roll < 5 && live.cookies?.length) return ['Cookie', rng.pick(live.cookies)];
  if (roll === 5) return rng.pick(hostileCredentials);
  return null;
}

/** The values that exist for an identity route's placeholders (made by the test before the corpus runs). */
function poolsFor(route, live) {
  return {
    identity: live.identities ?? [],
    session: live.sessions ?? [],
    flow: live.flows?.[route.flow] ?? [],
    error: live.errors ?? [],
    external: live.externals ?? [],
    schema: ['default', 'ZGVmYXVsdA'],
    type: ['password', 'totp', 'oidc', 'code', 'webauthn', 'lookup_secret', 'passkey', 'saml'],
  };
}

/**
 * The corpus: a list of `{ id, listener, route, method, bytes, halfClose, head, kestrel, expect }`.
 * `expect` is an exact status where the outcome is certain (405 for a method the route does not have,
 * 400 for an unacceptable JSON body on an endpoint that reads its body first, 413 over the size cap).
 *
 * Every route gets its own methods plain, every other method, and samples of the framing, header and
 * query cases. A route that reads a body (a v1 alias excepted: it shares its handler with the
 * /admin route) gets every body framing, content type and whole-body case, plus seeded member-level
 * and byte-level mutations of a plausible body. One route per listener gets every head framing case.
 */
export function buildCorpus(seed = SEED, live = {}) {
  const rng = generator(seed);
  // The bodies' __CSRF__ becomes the browser flows' anti-CSRF token (as a JSON string or form-encoded).
  const csrf = (text, encode) => (live.csrfToken ? text.replaceAll('__CSRF__', encode(live.csrfToken)) : text);
  // The identity routes' own choices (real or garbage ids, which requests carry a session token) come
  // from a second generator, so the rest of the corpus is the same whatever the live values are.
  const lrng = generator(seed ^ 0x1d3e7);
  const corpus = [];
  const add = (listener, route, method, label, request, extra = {}) => corpus.push({
    id: `${listener.name} ${method} ${route.path} | ${label}`, listener, route, method, label, ...request, ...extra,
  });
  for (const listener of listeners) {
    listener.routes.forEach((route, index) => {
      const first = corpus.length;
      const pools = /\{(identity|session|flow|error|external|schema|type)\}/.test(route.path) ? poolsFor(route, live) : null;
      // (An identity route's garbage leaves out %2e%2e: /admin/identities/by/external/%2e%2e is another route.)
      const target = fill(route.path, rng, Boolean(pools));
      // Identity routes: also a target whose ids exist; the cases below alternate between the two.
      const targets = pools ? [target, fill(route.path, lrng, false, pools, true)] : [target];
      const alternate = (lists) => lists[0].map((c, i) => lists[i % lists.length][i]);
      const primary = route.methods.find((m) => m !== 'GET') ?? route.methods[0];
      const full = !route.alias && route.body !== undefined;
      const kinds = route.body === 'both' ? ['json', 'form'] : route.body ? [route.body] : [];
      // A DELETE of something that exists goes last, so the route's other requests still find it.
      const last = [];
      for (const method of route.methods) {
        for (const t of targets) {
          const plain = () => add(listener, route, method, 'plain', { bytes: head(method, t, [['Host', 'localhost']]), head: method === 'HEAD' });
          if (method === 'DELETE' && t !== target) last.push(plain);
          else plain();
        }
      }
      // A wrong method on the route itself: a target with a dot segment would name another route.
      const routed = target.includes('%2e%2e') ? fill(route.path, rng, true) : target;
      for (const method of probeMethods.filter((m) => !route.methods.includes(m))) {
        add(listener, route, method, 'method not allowed', { bytes: head(method, routed, [['Host', 'localhost'], ['Content-Length', '0']]), head: method === 'HEAD' },
          { expect: listener.catchAll || route.catchAll ? 404 : method === 'OPTIONS' ? 200 : 405 });
      }
      const bodyFraming = alternate(targets.map((t) => bodyFramingCases(primary, t, kinds[0])));
      const headFraming = headFramingCases(primary, target, kinds[0]);
      const headers = alternate(targets.map((t) => headerCases(primary, t, kinds[0])));
      const cases = [
        ...(full ? bodyFraming : sample(bodyFraming, 2, rng)),
        ...(index === 0 ? headFraming : sample(headFraming, 2, rng)),
        ...sample(headers, full ? 6 : 3, rng),
        ...(full ? kinds.flatMap((kind) => alternate(targets.map((t) => contentTypeCases(primary, t, kind)))) : []),
      ];
      for (const [label, request, extra] of cases) add(listener, route, primary, label, request, extra);
      const queries = alternate(targets.map((t) => queryCases(t, route.query ?? route.fields, rng)));
      for (const [label, query] of sample(queries, route.alias ? 2 : targets.length > 1 ? 8 : 5, rng)) {
        add(listener, route, route.methods[0], label, { bytes: head(route.methods[0], query, [['Host', 'localhost']]) });
      }
      for (const method of route.methods.filter((m) => (m !== 'GET' && m !== 'DELETE') || (m === 'DELETE' && route.deleteBody))) {
        const garbageTarget = fill(route.path, rng, true);
        let n = 0;
        // Every other body goes to ids that exist (when the route has any).
        const bodyTarget = () => (pools && n++ % 2 === 1 ? fill(route.path, lrng, true, pools, true) : garbageTarget);
        // The route's own plausible and hostile bodies go to garbage ids and to every id that exists, forms first
        // (the first body that completes a flow uses it up).
        // A flow that exists is sent the credentials it needs (none for an API flow, which refuses cookies; the
        // anti-CSRF cookie for a browser flow; the owner's session for a settings flow).
        const everyTarget = [{ target: garbageTarget }, ...everyReal(route.path, pools, lrng)];
        const send = (label, t, body, type) => add(listener, route, method, label, {
          bytes: t.value && live.flowCredentials?.[t.value] ? addHeader(withBody(method, t.target, body, type), ...live.flowCredentials[t.value]) : withBody(method, t.target, body, type),
        }, { fixedCredentials: t.value !== undefined });
        if (!route.alias) {
          for (const [label, body] of route.forms ?? []) {
            for (const t of everyTarget) send(label, t, b(csrf(body, encodeURIComponent)), 'application/x-www-form-urlencoded');
          }
          for (const [label, body] of route.bodies ?? []) {
            for (const t of everyTarget) send(`json ${label}`, t, b(csrf(body, (v) => JSON.stringify(v).slice(1, -1))), 'application/json');
          }
        }
        if (kinds.includes('json')) {
          for (const [label, body, bad] of route.alias ? sample(jsonBodies, 8, rng) : jsonBodies) {
            // Flow answers and flush read an empty body as {}, as Hydra does.
            const certain = bad && route.readsBodyFirst && !(label === 'empty' && route.emptyIsObject);
            add(listener, route, method, `json ${label}`, { bytes: withBody(method, bodyTarget(), body, 'application/json') },
              label === 'too large' && route.readsBodyFirst ? { expect: 413 } : certain ? { expect: 400 } : {});
          }
          if (!route.alias) {
            for (const [label, body] of jsonFieldBodies(route.fields, rng, 16)) add(listener, route, method, `json field ${label}`, { bytes: withBody(method, bodyTarget(), body, 'application/json') });
            const valid = b(JSON.stringify(Object.fromEntries(route.fields.slice(0, 6).map((f) => [f, 'x']))));
            for (let i = 0; i < 8; i++) add(listener, route, method, `json mutation ${i}`, { bytes: withBody(method, bodyTarget(), mutate(valid, rng), 'application/json') });
            for (const [label, body] of (route.bodies ?? []).slice(0, 8)) {
              for (let i = 0; i < 2; i++) add(listener, route, method, `json ${label} mutation ${i}`, { bytes: withBody(method, bodyTarget(), mutate(b(body), lrng), 'application/json') });
            }
          }
        }
        if (kinds.includes('form')) {
          for (const [label, body] of route.alias ? sample(formBodies, 6, rng) : formBodies) {
            add(listener, route, method, `form ${label}`, { bytes: withBody(method, bodyTarget(), body, 'application/x-www-form-urlencoded') });
          }
          if (!route.alias) {
            for (const [label, body] of formFieldBodies(route.fields, rng, 12)) add(listener, route, method, label, { bytes: withBody(method, bodyTarget(), body, 'application/x-www-form-urlencoded') });
          }
        }
      }
      for (const plain of last) plain();
      // Most of a session route's requests carry credentials: a real session token (the header, or as a
      // bearer token), the real session and anti-CSRF cookies, or hostile ones.
      if (route.session && live.tokens?.length) {
        for (const item of corpus.slice(first).filter((i) => !i.fixedCredentials)) {
          const credential = credentialOf(live, lrng);
          if (credential) item.bytes = addHeader(item.bytes, ...credential);
        }
      }
    });
    // Paths next to the routes: 404 in the listener's shape.
    for (const target of ['/', '/nope', '/admin', '/oauth2', '/health', '/health/alive/x', '/%2e%2e/%2e%2e/etc/passwd', '/%ff', `/${'x'.repeat(4000)}`, '//', '/.well-known/']) {
      add(listener, { path: target, methods: [] }, 'GET', 'unknown path', { bytes: head('GET', target, [['Host', 'localhost']]) }, { expect: 404 });
    }
    // A body that stops arriving: Kestrel's minimum data rate ends the read after about 5 s, and the
    // endpoint answers 408 (these few run alongside the rest).
    for (const route of listener.routes.filter((r) => r.readsBodyFirst && !r.alias).slice(0, 1)) {
      add(listener, route, route.methods.find((m) => m !== 'GET'), 'stalled body', {
        bytes: Buffer.concat([head(route.methods.find((m) => m !== 'GET'), fill(route.path, rng, true), [['Host', 'localhost'], ['Content-Type', 'application/json'], ['Content-Length', '100']]), b('{')]),
      }, { expect: 408 });
    }
    for (const route of listener.routes.filter((r) => r.body === 'form' || r.body === 'both').slice(0, 1)) {
      add(listener, route, 'POST', 'stalled body', {
        bytes: Buffer.concat([head('POST', fill(route.path, rng, true), [['Host', 'localhost'], ['Content-Type', 'application/x-www-form-urlencoded'], ['Content-Length', '100']]), b('token=')]),
      }, { expect: 408 });
    }
    // Kestrel refuses a path with an encoded NUL itself.
    add(listener, { path: '/a%00b', methods: [] }, 'GET', 'NUL in the path', { bytes: head('GET', '/a%00b', [['Host', 'localhost']]), kestrel: true });
  }
  return corpus;
}
