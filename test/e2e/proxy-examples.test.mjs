// The configs in deploy/examples work as shipped: the gateway config and rules run the AOT binary
// (only host names are pointed at this machine), and nginx runs the auth_request example in front
// of the decisions API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, tempDir } from './lib/tessera.mjs';
import { startEchoUpstream, serveProxy, eventually } from './lib/proxy.mjs';
import { nginxAvailable, startNginx } from './lib/nginx.mjs';

const examples = path.resolve(import.meta.dirname, '../../deploy/examples');
let dir, upstream, sessions, proxy;

/** A session endpoint shaped like the identity service's /sessions/whoami: one valid cookie. */
async function startSessionEndpoint() {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    const valid = req.url.startsWith('/sessions/whoami') && /(^|;\s*)ory_kratos_session=valid-session(;|$)/.test(req.headers.cookie ?? '');
    res.writeHead(valid ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(valid
      ? { id: 'session-1', active: true, identity: { id: 'identity-42', traits: { email: 'ada@example.com' } } }
      : { error: { code: 401, status: 'Unauthorized', message: 'No valid session credentials found in the request.' } }));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
}

before(async () => {
  dir = tempDir('tessera-e2e-examples-');
  upstream = await startEchoUpstream();
  sessions = await startSessionEndpoint();
  const rulesFile = path.join(dir.path, 'rules.json');
  writeFileSync(rulesFile, readFileSync(path.join(examples, 'gateway/rules.json'), 'utf8').replaceAll('http://app:8080', upstream.url));
  const config = readFileSync(path.join(examples, 'gateway/proxy.yaml'), 'utf8')
    .replace('file:///etc/tessera/rules.json', `file://${rulesFile}`)
    .replace('http://identity:4433', `http://127.0.0.1:${sessions.port}`);
  proxy = await serveProxy({ dir: dir.path, configText: config });
  await eventually(async () => (await fetch(`${proxy.api}/health/ready`)).status === 200, { what: 'readiness' });
});

after(async () => {
  await proxy?.server.stop();
  await upstream?.close();
  await sessions?.close();
  dir?.remove();
});

test('deploy/examples/gateway: public for anyone, account with a session cookie, admin for nobody', async () => {
  const open = await fetch(`${proxy.proxy}/public/home`);
  assert.equal(open.status, 200);
  assert.equal((await open.json()).headers['x-user'], 'guest');

  const signedIn = await fetch(`${proxy.proxy}/account/profile`, { headers: { cookie: 'ory_kratos_session=valid-session' } });
  assert.equal(signedIn.status, 200);
  assert.equal((await signedIn.json()).headers['x-user'], 'identity-42');

  assert.equal((await fetch(`${proxy.proxy}/account/profile`, { headers: { cookie: 'ory_kratos_session=forged' } })).status, 401);
  assert.equal((await fetch(`${proxy.proxy}/account/profile`)).status, 401);
  assert.equal((await fetch(`${proxy.proxy}/admin/users`)).status, 403);
});

test('deploy/examples/nginx: auth_request grants, denies and passes the mutated header on', async () => {
  assert.ok(nginxAvailable(), "nginx with the auth_request module is needed (build/test.sh installs Debian's nginx)");
  const port = await freePort();
  const example = readFileSync(path.join(examples, 'nginx/auth_request.conf'), 'utf8')
    .replace('server tessera:4456;', `server 127.0.0.1:${proxy.apiPort};`)
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replace('proxy_pass http://app:8080;', `proxy_pass ${upstream.url};`);
  assert.ok(!/tessera:4456|app:8080|listen 80;/.test(example), 'every host name of the example was pointed here');
  const nginx = await startNginx({ dir: dir.path, port, httpBlock: example });
  try {
    const granted = await fetch(`http://127.0.0.1:${port}/public/through-nginx?q=1`);
    assert.equal(granted.status, 200);
    const seen = await granted.json();
    assert.equal(seen.url, '/public/through-nginx?q=1');
    assert.equal(seen.headers['x-user'], 'guest');

    const withSession = await fetch(`http://127.0.0.1:${port}/account/x`, { headers: { cookie: 'ory_kratos_session=valid-session' } });
    assert.equal(withSession.status, 200);
    assert.equal((await withSession.json()).headers['x-user'], 'identity-42');

    const calls = upstream.state.calls;
    assert.equal((await fetch(`http://127.0.0.1:${port}/admin/x`)).status, 403);
    assert.equal((await fetch(`http://127.0.0.1:${port}/account/x`)).status, 401);
    assert.equal(upstream.state.calls, calls, 'refused requests never reached the app');
  } finally {
    await nginx.stop();
  }
});
