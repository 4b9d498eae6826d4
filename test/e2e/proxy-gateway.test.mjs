// The proxy service as Oathkeeper's gateway and decision API: the AOT binary in front of a real
// upstream, rules from a watched file.
import { test, before, after } from 'node:test';
import WebSocket from 'ws';
import assert from 'node:assert/strict';
import http from 'node:http';
import http2 from 'node:http2';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, tempDir } from './lib/tessera.mjs';
import { startEchoUpstream, serveProxy, replaceFile, eventually } from './lib/proxy.mjs';

let dir, upstream, proxy, rulesFile, deadPort;

function rules(version) {
  const host = 'http://<[^/]+>';
  return JSON.stringify([
    {
      id: 'public',
      match: { url: `${host}/public/<.*>`, methods: ['GET', 'POST'] },
      upstream: { url: upstream.url },
      authenticators: [{ handler: 'anonymous' }],
      authorizer: { handler: 'allow' },
      mutators: [{ handler: 'header', config: { headers: { 'X-Rule-Version': version } } }],
    },
    {
      id: 'private',
      match: { url: `${host}/private/<.*>`, methods: ['GET', 'POST'] },
      upstream: { url: upstream.url },
      authenticators: [{ handler: 'anonymous' }],
      authorizer: { handler: 'deny' },
      mutators: [{ handler: 'noop' }],
    },
    {
      id: 'login-required',
      match: { url: `${host}/login-required/<.*>`, methods: ['GET'] },
      upstream: { url: upstream.url },
      authenticators: [{ handler: 'unauthorized' }],
      authorizer: { handler: 'allow' },
      mutators: [{ handler: 'noop' }],
    },
    {
      id: 'socket',
      match: { url: `${host}/socket/<.*>`, methods: ['GET'] },
      upstream: { url: upstream.url },
      authenticators: [{ handler: 'noop' }],
      authorizer: { handler: 'allow' },
      mutators: [{ handler: 'noop' }],
    },
    {
      id: 'dead-upstream',
      match: { url: `${host}/dead/<.*>`, methods: ['GET'] },
      upstream: { url: `http://127.0.0.1:${deadPort}` },
      authenticators: [{ handler: 'anonymous' }],
      authorizer: { handler: 'allow' },
      mutators: [{ handler: 'noop' }],
    },
  ]);
}

before(async () => {
  dir = tempDir('tessera-e2e-proxy-');
  upstream = await startEchoUpstream();
  deadPort = await freePort(); // handed out, never listened on
  rulesFile = path.join(dir.path, 'rules.json');
  replaceFile(rulesFile, rules('v1'));
  proxy = await serveProxy({
    dir: dir.path,
    configText: `
access_rules:
  repositories: [file://${rulesFile}]
authenticators:
  anonymous: { enabled: true, config: { subject: guest } }
  unauthorized: { enabled: true }
  noop: { enabled: true }
authorizers:
  allow: { enabled: true }
  deny: { enabled: true }
mutators:
  noop: { enabled: true }
  header: { enabled: true, config: { headers: { X-User: "{{ print .Subject }}" } } }
`,
  });
  await eventually(async () => (await fetch(`${proxy.api}/health/ready`)).status === 200, { what: 'readiness' });
});

after(async () => {
  await proxy?.server.stop();
  await upstream?.close();
  dir?.remove();
});

/** A request sent exactly as written (no client-side path normalisation). */
function raw(base, method, requestPath, { headers = {}, body } = {}) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: requestPath, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('the gateway forwards a granted request with the mutated headers and the query, and streams a body of any size', async () => {
  const res = await fetch(`${proxy.proxy}/public/items?sort=asc&x=1`, { headers: { authorization: '' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-upstream'), 'echo');
  const seen = await res.json();
  assert.equal(seen.url, '/public/items?sort=asc&x=1');
  assert.equal(seen.headers['x-user'], 'guest');
  assert.equal(seen.headers['x-rule-version'], 'v1');

  const body = Buffer.alloc(3_000_000, 0x61); // over the platform's 1 MiB listener cap: the proxy listener has none
  const post = await fetch(`${proxy.proxy}/public/upload`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(post.status, 200);
  assert.equal((await post.json()).bodyLength, body.length);
});

test('refusals are Oathkeeper-shaped JSON: deny 403, unauthorized 401, no rule 404, wrong method 404', async () => {
  const calls = upstream.state.calls;
  for (const [p, method, status] of [['/private/x', 'GET', 403], ['/login-required/x', 'GET', 401], ['/nowhere', 'GET', 404], ['/login-required/x', 'DELETE', 404]]) {
    const res = await fetch(`${proxy.proxy}${p}`, { method });
    assert.equal(res.status, status, `${method} ${p}`);
    assert.match(res.headers.get('content-type'), /application\/json/);
    const body = await res.json();
    assert.equal(body.error.code, status);
  }
  assert.equal(upstream.state.calls, calls, 'no refused request reached the upstream');
});

test('path traversal and encoded slashes are matched after cleaning: /public/../private is the private rule', async () => {
  for (const p of ['/public/../private/x', '/public/%2e%2e/private/x', '/public%2F..%2Fprivate/x', '//public/..//private/x']) {
    const res = await raw(proxy.proxy, 'GET', p);
    assert.equal(res.status, 403, p);
    assert.equal(JSON.parse(res.text).error.code, 403);
  }
});

test('a WebSocket is upgraded through the gateway: messages both ways, the client\'s Authorization passed, a clean close', async () => {
  const socket = new WebSocket(`${proxy.proxy.replace('http://', 'ws://')}/socket/chat?room=1`, { headers: { Authorization: 'Bearer ws-token' } });
  const messages = [];
  const closed = new Promise((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('message', (data) => messages.push(String(data)));
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); socket.once('unexpected-response', (req, res) => { req.destroy(); reject(new Error(`upgrade answered ${res.statusCode}`)); }); });
  for (const text of ['hello', 'again']) socket.send(text);
  await eventually(() => messages.length === 2, { what: 'both echoes' });
  assert.deepEqual(messages, ['/socket/chat?room=1 Bearer ws-token: hello', '/socket/chat?room=1 Bearer ws-token: again']);
  socket.close(1000, 'done');
  assert.equal(await closed, 1000);

  // A rule that refuses is answered before any upgrade.
  const refused = new WebSocket(`${proxy.proxy.replace('http://', 'ws://')}/private/chat`);
  const status = await new Promise((resolve) => {
    // With this listener the answer is ours to handle (ws leaves the request open): read the status, then drop it.
    refused.once('unexpected-response', (req, res) => { resolve(res.statusCode); req.destroy(); });
    refused.once('open', () => { resolve(101); refused.terminate(); });
    refused.on('error', () => {});
  });
  assert.equal(status, 403);
});

test('a dead upstream is a 502 JSON answer at once, not a hang', async () => {
  const res = await fetch(`${proxy.proxy}/dead/x`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 502);
  assert.equal((await res.json()).error.code, 502);
});

test('the decisions API judges the request named by X-Forwarded-* and answers the mutated headers', async () => {
  const granted = await fetch(`${proxy.api}/decisions`, {
    headers: { 'x-forwarded-method': 'GET', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'app.test', 'x-forwarded-uri': '/public/a?b=c' },
  });
  assert.equal(granted.status, 200);
  assert.equal(granted.headers.get('x-user'), 'guest');
  const byPath = await fetch(`${proxy.api}/decisions/private/a`);
  assert.equal(byPath.status, 403);
  assert.equal((await byPath.json()).error.code, 403);
  const rulesList = await (await fetch(`${proxy.api}/rules`)).json();
  assert.deepEqual(rulesList.map((r) => r.id).sort(), ['dead-upstream', 'login-required', 'private', 'public', 'socket']);
});

test('a rule file edited while requests flow applies without a restart; no request fails or sees a mix', async () => {
  const versions = [];
  let failures = 0;
  let stop = false;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const url = new URL(`${proxy.proxy}/public/reload`);
  const worker = async () => {
    while (!stop) {
      const res = await new Promise((resolve, reject) => {
        http.get({ host: url.hostname, port: url.port, path: url.pathname, agent }, (r) => {
          let text = '';
          r.on('data', (d) => (text += d));
          r.on('end', () => resolve({ status: r.statusCode, text }));
        }).on('error', reject);
      }).catch(() => ({ status: 0 }));
      if (res.status !== 200) failures++;
      else versions.push(JSON.parse(res.text).headers['x-rule-version']);
    }
  };
  const workers = [worker(), worker(), worker()];
  await new Promise((r) => setTimeout(r, 300));
  replaceFile(rulesFile, rules('v2'));
  await eventually(() => versions.at(-1) === 'v2' && versions.length > 0, { what: 'the edited rule' });
  const switchedAt = versions.length;
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await Promise.all(workers);
  agent.destroy();
  assert.equal(failures, 0, 'requests failed during the reload');
  assert.ok(versions.includes('v1') && versions.includes('v2'));
  assert.ok(versions.slice(switchedAt).every((v) => v === 'v2'), 'a request saw the old rule after the new one');
});

test('a broken rule file keeps the last good rules and shows in /health/ready until it is fixed', async () => {
  replaceFile(rulesFile, '[{"id": "half-written", "match": ');
  const body = await eventually(async () => {
    const res = await fetch(`${proxy.api}/health/ready`);
    return res.status === 503 ? await res.json() : null;
  }, { what: 'readiness to report the broken file' });
  assert.match(JSON.stringify(body), /rules\.json/);
  const still = await fetch(`${proxy.proxy}/public/still`);
  assert.equal(still.status, 200, 'the last good rules still serve');
  assert.equal((await still.json()).headers['x-rule-version'], 'v2');

  replaceFile(rulesFile, rules('v3'));
  await eventually(async () => (await fetch(`${proxy.api}/health/ready`)).status === 200, { what: 'readiness after the fix' });
  assert.equal((await (await fetch(`${proxy.proxy}/public/fixed`)).json()).headers['x-rule-version'], 'v3');
});

test('an https upstream that speaks HTTP/2 is reached over HTTP/2 (ALPN), its answer passed back to an HTTP/1.1 client', async () => {
  // A self-signed certificate for 127.0.0.1, which the proxy trusts through SSL_CERT_FILE (OpenSSL's variable, read by .NET).
  const tls = tempDir('tessera-e2e-h2-');
  const key = path.join(tls.path, 'key.pem');
  const cert = path.join(tls.path, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const port = await freePort();
  const seen = [];
  const h2 = http2.createSecureServer({ key: readFileSync(key), cert: readFileSync(cert), allowHTTP1: true }, (req, res) => {
    seen.push({ version: req.httpVersion, path: req.url, authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'h2' });
    res.end(JSON.stringify({ version: req.httpVersion }));
  });
  await new Promise((resolve) => h2.listen(port, '127.0.0.1', resolve));
  const rulesFile2 = path.join(tls.path, 'rules.json');
  replaceFile(rulesFile2, JSON.stringify([{
    id: 'h2', match: { url: 'http://<[^/]+>/h2/<.*>', methods: ['GET'] }, upstream: { url: `https://127.0.0.1:${port}` },
    authenticators: [{ handler: 'noop' }], authorizer: { handler: 'allow' }, mutators: [{ handler: 'noop' }],
  }]));
  const h2proxy = await serveProxy({
    dir: tls.path,
    env: { SSL_CERT_FILE: cert },
    configText: `
access_rules:
  repositories: [file://${rulesFile2}]
authenticators:
  noop: { enabled: true }
authorizers:
  allow: { enabled: true }
mutators:
  noop: { enabled: true }
`,
  });
  try {
    await eventually(async () => (await fetch(`${h2proxy.api}/health/ready`)).status === 200, { what: 'readiness' });
    const answer = await raw(h2proxy.proxy, 'GET', '/h2/item?x=1', { headers: { authorization: 'Bearer h2-token' } });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers['x-upstream'], 'h2');
    assert.deepEqual(JSON.parse(answer.text), { version: '2.0' });
    assert.deepEqual(seen, [{ version: '2.0', path: '/h2/item?x=1', authorization: 'Bearer h2-token' }]);
  } finally {
    await h2proxy.server.stop();
    await new Promise((resolve) => h2.close(resolve));
    tls.remove();
  }
});
