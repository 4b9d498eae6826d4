// Rules stored in SQL: written through the rules admin API of one proxy instance while requests flow
// through it and through a second instance reading the same database (both AOT binaries).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { run, tempDir } from './lib/tessera.mjs';
import { databasesFor } from './lib/databases.mjs';
import { startEchoUpstream, serveProxy, eventually } from './lib/proxy.mjs';

const backends = ['sqlite', 'postgres'];
const migratedDsn = databasesFor(backends, { before, after, run });
let upstream;

before(async () => {
  upstream = await startEchoUpstream();
});

after(async () => {
  await upstream?.close();
});

function rule(version) {
  return {
    id: 'sql-rule',
    match: { url: 'http://<[^/]+>/sql/<.*>', methods: ['GET'] },
    upstream: { url: upstream.url },
    authenticators: [{ handler: 'anonymous' }],
    authorizer: { handler: 'allow' },
    mutators: [{ handler: 'header', config: { headers: { 'X-Rule-Version': version } } }],
  };
}

async function send(method, url, body) {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  return { status: res.status, body: await res.text() };
}

/** Sends requests on keep-alive connections until stopped; collects the rule version each one saw. */
function flow(base) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 3 });
  const url = new URL(`${base}/sql/x`);
  const state = { versions: [], failures: 0, stop: false };
  const worker = async () => {
    while (!state.stop) {
      const res = await new Promise((resolve) => {
        http.get({ host: url.hostname, port: url.port, path: url.pathname, agent }, (r) => {
          let text = '';
          r.on('data', (d) => (text += d));
          r.on('end', () => resolve({ status: r.statusCode, text }));
        }).on('error', () => resolve({ status: 0 }));
      });
      if (res.status === 200) state.versions.push(JSON.parse(res.text).headers['x-rule-version']);
      else state.failures++;
    }
  };
  const workers = [worker(), worker(), worker()];
  return { state, async end() { state.stop = true; await Promise.all(workers); agent.destroy(); } };
}

for (const backend of backends) test(`rules written through /admin/rules apply while requests flow, on both instances (${backend})`, async () => {
  const dsn = await migratedDsn(backend, 'proxy');
  const dir = tempDir('tessera-e2e-proxy-sql-');
  const config = `
access_rules:
  repositories: ["${dsn}"]
  refresh_interval: 1s
authenticators: { anonymous: { enabled: true } }
authorizers: { allow: { enabled: true } }
mutators: { header: { enabled: true, config: { headers: { X-User: "{{ print .Subject }}" } } } }
`;
  const first = await serveProxy({ dir: dir.path, configText: config });
  const second = await serveProxy({ dir: dir.path, configText: config });
  try {
    assert.equal((await send('POST', `${first.api}/admin/rules`, rule('v1'))).status, 201);
    assert.equal((await send('POST', `${first.api}/admin/rules`, rule('v1'))).status, 409);
    assert.equal((await fetch(`${first.proxy}/sql/x`)).status, 200, 'the writing instance applies the rule at once');
    await eventually(async () => (await fetch(`${second.proxy}/sql/x`)).status === 200, { what: 'the second instance to read the rule' });

    const onFirst = flow(first.proxy);
    const onSecond = flow(second.proxy);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await send('PUT', `${first.api}/admin/rules/sql-rule`, rule('v2'))).status, 200);
    await eventually(() => onSecond.state.versions.at(-1) === 'v2', { what: 'the second instance to see v2' });
    const switchedFirst = onFirst.state.versions.length;
    await new Promise((r) => setTimeout(r, 300));
    await onFirst.end();
    await onSecond.end();
    for (const { state } of [onFirst, onSecond]) {
      assert.equal(state.failures, 0, 'no request failed while the rule changed');
      assert.ok(state.versions.includes('v1') && state.versions.includes('v2'));
    }
    assert.ok(onFirst.state.versions.slice(switchedFirst).every((v) => v === 'v2'), 'the writing instance never went back to v1');

    const bad = await send('PUT', `${first.api}/admin/rules/sql-rule`, { ...rule('v3'), match: { url: 'http://<[/', methods: ['GET'] } });
    assert.equal(bad.status, 400);
    assert.equal(JSON.parse(bad.body).error.code, 400);
    assert.equal((await send('DELETE', `${first.api}/admin/rules/sql-rule`)).status, 204);
    assert.equal((await fetch(`${first.proxy}/sql/x`)).status, 404);
    await eventually(async () => (await fetch(`${second.proxy}/sql/x`)).status === 404, { what: 'the second instance to drop the rule' });
  } finally {
    await first.server.stop();
    await second.server.stop();
    dir.remove();
  }
});
