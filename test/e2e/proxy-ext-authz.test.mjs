// Envoy's ext_authz over gRPC (envoy.service.auth.v3.Authorization/Check) against the real binary,
// with @grpc/grpc-js loading the Envoy protocol files Tessera vendors: the request Envoy names is
// judged by the same rules as /decisions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { serve, freePort, tempDir } from './lib/tessera.mjs';

const repo = path.resolve(import.meta.dirname, '../..');
const protoRoot = path.join(repo, 'src/Tessera.Proxy/ExtAuthz/Protos');
const definition = protoLoader.loadSync('envoy/service/auth/v3/external_auth.proto', {
  includeDirs: [protoRoot], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
});
const { Authorization } = grpc.loadPackageDefinition(definition).envoy.service.auth.v3;

const rules = [
  {
    id: 'users',
    match: { url: '<https|http>://app.test/users/<[0-9]+>', methods: ['GET', 'POST'] },
    authenticators: [{ handler: 'anonymous', config: { subject: 'guest' } }],
    authorizer: { handler: 'allow' },
    mutators: [{
      handler: 'header',
      config: {
        headers: {
          'X-User': '{{ print .Subject }}',
          'X-Id': '{{ printIndex .MatchContext.RegexpCaptureGroups 1 }}',
          'X-Tenant': '{{ .MatchContext.Header.Get "X-Tenant" }}',
          'X-Url': '{{ .MatchContext.URL.String }}',
        },
      },
    }],
  },
  {
    id: 'admin',
    match: { url: 'http://app.test/admin', methods: ['GET'] },
    authenticators: [{ handler: 'anonymous' }],
    authorizer: { handler: 'deny' },
    mutators: [{ handler: 'noop' }],
  },
  {
    id: 'private',
    match: { url: 'http://app.test/private', methods: ['GET'] },
    authenticators: [{ handler: 'unauthorized' }],
    authorizer: { handler: 'allow' },
    mutators: [{ handler: 'noop' }],
    errors: [{ handler: 'www_authenticate', config: { realm: 'Tessera' } }],
  },
];

let dir;
let server;
let apiUrl;
let client;

function yaml(value) {
  return JSON.stringify(value); // JSON is YAML
}

before(async () => {
  dir = tempDir('tessera-ext-authz-');
  const rulesFile = path.join(dir.path, 'rules.json');
  writeFileSync(rulesFile, JSON.stringify(rules));
  const [proxyPort, apiPort, extAuthzPort] = [await freePort(), await freePort(), await freePort()];
  const configFile = path.join(dir.path, 'proxy.yaml');
  writeFileSync(configFile, yaml({
    serve: {
      proxy: { host: '127.0.0.1', port: proxyPort },
      api: { host: '127.0.0.1', port: apiPort },
      ext_authz: { host: '127.0.0.1', port: extAuthzPort },
    },
    access_rules: { repositories: [`file://${rulesFile}`] },
    authenticators: { anonymous: { enabled: true }, unauthorized: { enabled: true } },
    authorizers: { allow: { enabled: true }, deny: { enabled: true } },
    mutators: { noop: { enabled: true }, header: { enabled: true, config: { headers: {} } } },
    errors: { handlers: { json: { enabled: true }, www_authenticate: { enabled: true } } },
  }));
  server = await serve({ args: ['serve', 'proxy', '-c', configFile], readyPort: apiPort });
  apiUrl = `http://127.0.0.1:${apiPort}`;
  client = new Authorization(`127.0.0.1:${extAuthzPort}`, grpc.credentials.createInsecure());
});

after(async () => {
  client?.close();
  await server?.stop();
  dir?.remove();
});

/** A CheckRequest as Envoy sends it: pseudo-headers and lower-case header names in attributes.request.http. */
function checkRequest({ method = 'GET', host = 'app.test', path: target, scheme = 'http', headers = {}, body = '' }) {
  return {
    attributes: {
      source: { address: { socket_address: { address: '192.0.2.7', port_value: 40000 } } },
      request: {
        http: {
          id: 'e2e-1', method, host, path: target, scheme, protocol: 'HTTP/1.1', body,
          headers: { ':authority': host, ':path': target, ':method': method, ...headers },
        },
      },
    },
  };
}

function check(request) {
  return new Promise((resolve, reject) => client.Check(checkRequest(request), (error, answer) => (error ? reject(error) : resolve(answer))));
}

function headerMap(options) {
  return Object.fromEntries(options.map((o) => [o.header.key.toLowerCase(), o.header.value]));
}

test('a granted request is OK with the mutators\' headers to set upstream', async () => {
  const answer = await check({ path: '/users/42?q=1', scheme: 'https', headers: { 'x-tenant': 'acme' } });
  assert.equal(answer.status.code, 0);
  assert.equal(answer.http_response, 'ok_response');
  const headers = headerMap(answer.ok_response.headers);
  assert.equal(headers['x-user'], 'guest');
  assert.equal(headers['x-id'], '42');
  assert.equal(headers['x-tenant'], 'acme');
  assert.equal(headers['x-url'], 'https://app.test/users/42?q=1');
  for (const option of answer.ok_response.headers) {
    assert.equal(option.append_action, 'OVERWRITE_IF_EXISTS_OR_ADD');
  }
});

test('a denied request carries the error handler\'s status, headers and body', async () => {
  const answer = await check({ path: '/admin' });
  assert.equal(answer.status.code, grpc.status.PERMISSION_DENIED);
  assert.equal(answer.http_response, 'denied_response');
  assert.equal(answer.denied_response.status.code, 'Forbidden');
  assert.match(headerMap(answer.denied_response.headers)['content-type'], /^application\/json/);
  const error = JSON.parse(answer.denied_response.body).error;
  assert.equal(error.code, 403);
  assert.equal(error.message, 'The requested action was forbidden');
});

test('unauthorized is UNAUTHENTICATED with the www_authenticate challenge', async () => {
  const answer = await check({ path: '/private' });
  assert.equal(answer.status.code, grpc.status.UNAUTHENTICATED);
  assert.equal(answer.denied_response.status.code, 'Unauthorized');
  assert.equal(headerMap(answer.denied_response.headers)['www-authenticate'], 'Basic realm=Tessera');
});

test('no matching rule is denied with the 404 JSON that /decisions answers', async () => {
  const answer = await check({ path: '/nowhere' });
  assert.equal(answer.http_response, 'denied_response');
  assert.equal(answer.denied_response.status.code, 'NotFound');
  const decision = await fetch(`${apiUrl}/decisions/nowhere`, { headers: { 'X-Forwarded-Host': 'app.test', 'X-Forwarded-Proto': 'http' } });
  assert.equal(decision.status, 404);
  const expected = (await decision.json()).error;
  const actual = JSON.parse(answer.denied_response.body).error;
  delete expected.request;
  delete actual.request;
  assert.deepEqual(actual, expected);
});

test('a check without an HTTP request is INVALID_ARGUMENT', async () => {
  const error = await new Promise((resolve) => client.Check({}, (e) => resolve(e)));
  assert.equal(error?.code, grpc.status.INVALID_ARGUMENT);
});

test('decisions are counted under the ext_authz listener', async () => {
  const metrics = await (await fetch(`${apiUrl}/metrics/prometheus`)).text();
  assert.match(metrics, /tessera_proxy_decisions_total\{listener="ext_authz",rule="users",code="200"\} [1-9]/);
  assert.match(metrics, /tessera_proxy_decisions_total\{listener="ext_authz",rule="admin",code="403"\} [1-9]/);
});

test('the deploy/examples/envoy config starts and grants its public rule', async () => {
  const example = path.join(repo, 'deploy/examples/envoy');
  const rulesFile = path.join(dir.path, 'example-rules.yaml');
  writeFileSync(rulesFile, readFileSync(path.join(example, 'rules.yaml')));
  const [proxyPort, apiPort, extAuthzPort] = [await freePort(), await freePort(), await freePort()];
  const exampleServer = await serve({
    args: ['serve', 'proxy', '-c', path.join(example, 'tessera.yaml')],
    env: {
      SERVE_PROXY_HOST: '127.0.0.1', SERVE_PROXY_PORT: String(proxyPort),
      SERVE_API_HOST: '127.0.0.1', SERVE_API_PORT: String(apiPort),
      SERVE_EXT_AUTHZ_HOST: '127.0.0.1', SERVE_EXT_AUTHZ_PORT: String(extAuthzPort),
      ACCESS_RULES_REPOSITORIES: `file://${rulesFile}`,
    },
    readyPort: apiPort,
  });
  const exampleClient = new Authorization(`127.0.0.1:${extAuthzPort}`, grpc.credentials.createInsecure());
  try {
    const call = (request) => new Promise((resolve, reject) => exampleClient.Check(checkRequest(request), (e, a) => (e ? reject(e) : resolve(a))));
    const granted = await call({ host: 'shop.example', path: '/public/index.html' });
    assert.equal(granted.status.code, 0);
    assert.equal(headerMap(granted.ok_response.headers)['x-user'], 'guest');
    const refused = await call({ host: 'shop.example', path: '/admin/users' });
    assert.equal(refused.denied_response.status.code, 'Forbidden');
    // No session: both session authenticators pass, so the request is unauthorized; a browser is sent to log in.
    const login = await call({ host: 'shop.example', path: '/api/orders', headers: { accept: 'text/html' } });
    assert.equal(login.denied_response.status.code, 'Found');
    assert.equal(headerMap(login.denied_response.headers).location, 'http://localhost:8080/login?return_to=http%3A%2F%2Fshop.example%2Fapi%2Forders');
  } finally {
    exampleClient.close();
    await exampleServer.stop();
  }
});
