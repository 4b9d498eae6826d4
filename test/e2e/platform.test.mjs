// The platform seen from outside: the AOT binary started as a user would, probed over HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, serve, run, tempDir } from './lib/tessera.mjs';

test('serve all --dev answers health, version and metrics on every service', async () => {
  const ports = {
    OAUTH2_SERVE_PUBLIC_PORT: await freePort(), OAUTH2_SERVE_ADMIN_PORT: await freePort(),
    IDENTITY_SERVE_PUBLIC_PORT: await freePort(), IDENTITY_SERVE_ADMIN_PORT: await freePort(),
    PROXY_SERVE_PROXY_PORT: await freePort(), PROXY_SERVE_API_PORT: await freePort(),
  };
  const env = { LOG_FORMAT: 'json' };
  for (const [key, port] of Object.entries(ports)) {
    env[key] = String(port);
    env[key.replace('_PORT', '_HOST')] = '127.0.0.1';
  }
  const server = await serve({ args: ['serve', 'all', '--dev'], env, readyPort: ports.OAUTH2_SERVE_ADMIN_PORT });
  try {
    for (const port of Object.values(ports)) {
      const alive = await fetch(`http://127.0.0.1:${port}/health/alive`);
      assert.equal(alive.status, 200);
      assert.deepEqual(await alive.json(), { status: 'ok' });
    }
    const version = await (await fetch(`http://127.0.0.1:${ports.OAUTH2_SERVE_ADMIN_PORT}/version`)).json();
    assert.match(version.version, /^\d+\.\d+\.\d+/);
    const metrics = await (await fetch(`http://127.0.0.1:${ports.IDENTITY_SERVE_ADMIN_PORT}/metrics/prometheus`)).text();
    assert.match(metrics, /^http_requests_total\{listener="public",route="\/health\/alive",method="GET",code="200"\} \d+/m);
    const jwks = await (await fetch(`http://127.0.0.1:${ports.OAUTH2_SERVE_PUBLIC_PORT}/.well-known/jwks.json`)).json();
    assert.ok(jwks.keys.length >= 1);
    for (const key of jwks.keys) {
      assert.equal(key.kty, 'RSA');
      assert.equal(key.alg, 'RS256');
      assert.ok(key.kid && key.n && key.e);
      assert.equal(key.d, undefined);
    }
    const missing = await fetch(`http://127.0.0.1:${ports.OAUTH2_SERVE_PUBLIC_PORT}/does-not-exist?code=hunter2`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error, 'not_found');
  } finally {
    const { code } = await server.stop();
    assert.equal(code, 0);
  }
  // One JSON object per line on stdout, and no query string (it can carry codes) in any of them.
  for (const line of server.log.trim().split('\n')) JSON.parse(line);
  assert.ok(!server.log.includes('hunter2'));
});

test('migrate sql then serve on a SQLite file, stopped by SIGTERM', async () => {
  const dir = tempDir();
  try {
    const dsn = `sqlite://${dir.path}/tessera.sqlite?_fk=true`;
    const migrate = await run(['migrate', 'sql', dsn, '--yes']);
    assert.equal(migrate.code, 0, migrate.stderr);
    const status = await run(['migrate', 'status', dsn]);
    assert.equal(status.code, 0);
    assert.doesNotMatch(status.stdout, /pending/);

    const admin = await freePort();
    const server = await serve({
      args: ['serve', 'oauth2', '--dangerous-force-http'],
      env: { DSN: dsn, SECRETS_SYSTEM: 'e2e-secret-e2e-secret-0001', SERVE_PUBLIC_PORT: String(await freePort()), SERVE_ADMIN_PORT: String(admin), SERVE_ADMIN_HOST: '127.0.0.1', SERVE_PUBLIC_HOST: '127.0.0.1' },
      readyPort: admin,
    });
    assert.match(server.log, /PLAIN HTTP/);
    const { code } = await server.stop();
    assert.equal(code, 0);
  } finally {
    dir.remove();
  }
});

test('unknown commands and flags exit with 2 and point at --help', async () => {
  const unknown = await run(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--help/);
  const help = await run(['serve', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /oauth2/);
  assert.match(help.stdout, /--dangerous-force-http/);
});
