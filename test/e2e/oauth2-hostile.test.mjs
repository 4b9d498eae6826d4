// Malformed, oversized and hostile input at the oauth2 public and admin endpoints: the right status,
// an error body in the endpoint's shape, and nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveOAuth2 } from './lib/tessera.mjs';

async function start() {
  const { server, public: pub, admin } = await serveOAuth2({ dsn: 'memory', secret: 'e2e-hostile-secret-0123456789' });
  return { server, pub, admin };
}

async function json(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    assert.fail(`expected JSON, got ${response.status}: ${text.slice(0, 200)}`);
  }
}

test('the token endpoint answers bad requests with RFC 6749 errors and never a 5xx', async () => {
  const t = await start();
  try {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const cases = [
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":"client_credentials"}' }, 400, 'invalid_request'],
      [{ method: 'POST', headers: form, body: 'grant_type=client_credentials&grant_type=password' }, 400, 'invalid_request'],
      [{ method: 'POST', headers: form, body: 'grant_type=password' }, 400, 'unsupported_grant_type'],
      [{ method: 'POST', headers: form, body: '' }, 400, 'invalid_request'],
      [{ method: 'POST', headers: { ...form, authorization: 'Basic !!!' }, body: 'grant_type=client_credentials' }, 400, 'invalid_request'],
      [{ method: 'POST', headers: { ...form, authorization: 'Basic ' + Buffer.from('nobody:x').toString('base64') }, body: 'grant_type=client_credentials' }, 401, 'invalid_client'],
      [{ method: 'POST', headers: form, body: 'grant_type=authorization_code&client_id=nobody&code=ory_ac_x.y' }, 401, 'invalid_client'],
      [{ method: 'POST', headers: form, body: 'a=' + 'x'.repeat(2 * 1024 * 1024) }, 413, 'invalid_request'],
      [{ method: 'POST', headers: form, body: '%%%=%%%&\u0000' }, 400, 'invalid_request'],
    ];
    for (const [init, status, error] of cases) {
      const response = await fetch(`${t.pub}/oauth2/token`, init);
      assert.equal(response.status, status, `${init.body?.slice(0, 60)} -> ${response.status}`);
      const body = await json(response);
      assert.equal(body.error, error, JSON.stringify(body));
      assert.equal(typeof body.error_description, 'string');
      assert.equal(response.headers.get('cache-control'), 'no-store');
    }
    const many = Array.from({ length: 5000 }, (_, i) => `k${i}=v`).join('&');
    const tooMany = await fetch(`${t.pub}/oauth2/token`, { method: 'POST', headers: form, body: many });
    assert.ok(tooMany.status === 400 || tooMany.status === 413, String(tooMany.status));
    assert.ok((await json(tooMany)).error);
  } finally {
    await t.server.stop();
  }
});

test('the authorization endpoint never redirects to an unknown client and reports errors on the error page', async () => {
  const t = await start();
  try {
    for (const query of ['', '?client_id=nobody&response_type=code&redirect_uri=http://evil.invalid/', '?client_id=%00%ff&response_type=code', '?client_id=a&client_id=b']) {
      const response = await fetch(`${t.pub}/oauth2/auth${query}`, { redirect: 'manual' });
      assert.equal(response.status, 302, query);
      const location = new URL(response.headers.get('location'), t.pub);
      assert.equal(location.pathname, '/oauth2/fallbacks/error', query);
      assert.ok(location.searchParams.get('error'), query);
    }
    const page = await fetch(`${t.pub}/oauth2/fallbacks/error?error=%3Cscript%3E&error_description=x`);
    assert.ok(!(await page.text()).includes('<script>'), 'the error page escapes what it shows');
  } finally {
    await t.server.stop();
  }
});

test('admin flow and introspection endpoints reject malformed input in Hydra\'s shapes', async () => {
  const t = await start();
  try {
    let response = await fetch(`${t.admin}/admin/oauth2/auth/requests/login?login_challenge=nope`);
    assert.equal(response.status, 404);
    assert.equal((await json(response)).status_code, 404);
    response = await fetch(`${t.admin}/admin/oauth2/auth/requests/login`);
    assert.equal(response.status, 400);
    response = await fetch(`${t.admin}/admin/oauth2/auth/requests/login/accept?login_challenge=x`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"subject":' });
    assert.equal(response.status, 400);
    assert.equal((await json(response)).error, 'invalid_request');
    response = await fetch(`${t.admin}/admin/oauth2/auth/requests/login/accept?login_challenge=x`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"subject":42}' });
    assert.equal(response.status, 400);
    assert.match((await json(response)).error_description, /subject/);
    response = await fetch(`${t.admin}/admin/oauth2/introspect`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=ory_at_forged.signature' });
    assert.equal(response.status, 200);
    assert.deepEqual(await json(response), { active: false });
    response = await fetch(`${t.admin}/admin/oauth2/auth/sessions/consent`, { method: 'DELETE' });
    assert.equal(response.status, 400);
    response = await fetch(`${t.pub}/userinfo`, { headers: { authorization: 'Bearer ory_at_forged.signature' } });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate'), /^Bearer error=/);
  } finally {
    await t.server.stop();
  }
});
