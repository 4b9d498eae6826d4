// Redirect URIs a browser would run as script, and pairwise clients without a sector, through
// @ory/hydra-client against the real binary: the reported javascript: client is refused wherever a
// client is written, the reported authorization request gets no page, and the pages the server does
// render carry a Content-Security-Policy that allows only their own script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Configuration, OAuth2Api, OidcApi } from '@ory/hydra-client';
import { serveOAuth2, sdkFailure as failure } from './lib/tessera.mjs';

async function start() {
  const t = await serveOAuth2({
    dsn: 'memory',
    secret: 'e2e-redirect-secret-0123456789',
    env: (urls) => ({
      URLS_SELF_ISSUER: `${urls.public}/`,
      OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: 'true',
      OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'public,pairwise',
      OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: 'e2e-pairwise-salt-0123',
    }),
  });
  return { ...t, admin: new OAuth2Api(new Configuration({ basePath: t.admin })), oidc: new OidcApi(new Configuration({ basePath: t.public })) };
}

const dangerous = ['javascript:alert(document.domain)//', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)'];

test('a client with a javascript: (or data:, vbscript:) redirect URI is refused by create, set, patch and dynamic registration', async () => {
  const t = await start();
  try {
    const { data: good } = await t.admin.createOAuth2Client({ oAuth2Client: { redirect_uris: ['https://app.example/cb'] } });
    for (const uri of dangerous) {
      const attempts = [
        () => t.admin.createOAuth2Client({ oAuth2Client: { client_id: 'evil', redirect_uris: [uri] } }),
        () => t.oidc.createOidcDynamicClient({ oAuth2Client: { redirect_uris: [uri] } }),
        () => t.admin.setOAuth2Client({ id: good.client_id, oAuth2Client: { redirect_uris: [uri] } }),
        () => t.admin.patchOAuth2Client({ id: good.client_id, jsonPatch: [{ op: 'replace', path: '/redirect_uris/0', value: uri }] }),
      ];
      for (const attempt of attempts) {
        const refused = await failure(attempt());
        assert.equal(refused.status, 400, JSON.stringify(uri));
        assert.equal(refused.data.error, 'invalid_redirect_uri');
        assert.match(refused.data.error_description, /Field redirect_uris\.0 uses the (javascript|data|vbscript): scheme/);
      }
    }
    const logout = await failure(t.admin.createOAuth2Client({ oAuth2Client: { redirect_uris: ['https://app.example/cb'], post_logout_redirect_uris: ['javascript:alert(1)'] } }));
    assert.equal(logout.status, 400);
    assert.equal(logout.data.error, 'invalid_client_metadata');
    assert.match(logout.data.error_description, /post_logout_redirect_uris/);

    const { data: kept } = await t.admin.getOAuth2Client({ id: good.client_id });
    assert.deepEqual(kept.redirect_uris, ['https://app.example/cb']);
    for (const uri of ['http://127.0.0.1:8080/cb', 'com.example.app:/oauth2redirect']) {
      assert.equal((await t.admin.createOAuth2Client({ oAuth2Client: { redirect_uris: [uri] } })).status, 201, uri);
    }
  } finally {
    await t.server.stop();
  }
});

test('the reported request gets the error page, and the form_post page allows only its own script and the client origin', async () => {
  const t = await start();
  try {
    const reported = await fetch(`${t.public}/oauth2/auth?client_id=evil&redirect_uri=${encodeURIComponent('javascript:alert(document.domain)//')}&response_mode=form_post`, { redirect: 'manual' });
    assert.equal(reported.status, 302);
    assert.equal(new URL(reported.headers.get('location')).pathname, '/oauth2/fallbacks/error');

    const { data: client } = await t.admin.createOAuth2Client({ oAuth2Client: { redirect_uris: ['https://app.example:8443/cb'] } });
    const state = '"state" <b>&amp;</b> é';
    const page = await fetch(`${t.public}/oauth2/auth?client_id=${client.client_id}&redirect_uri=${encodeURIComponent('https://app.example:8443/cb')}&response_mode=form_post&state=${encodeURIComponent(state)}`, { redirect: 'manual' });
    assert.equal(page.status, 200);
    const html = await page.text();
    const policy = Object.fromEntries(page.headers.get('content-security-policy').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    assert.equal(scripts.length, 1);
    assert.deepEqual(policy['script-src'], [`'sha256-${createHash('sha256').update(scripts[0]).digest('base64')}'`]);
    assert.deepEqual(policy['default-src'], ["'none'"]);
    assert.deepEqual(policy['form-action'], ['https://app.example:8443']);
    assert.deepEqual(policy['frame-ancestors'], ["'none'"]);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.match(page.headers.get('cache-control'), /no-store/);
    assert.ok(!html.includes('onload'), 'no inline event handlers');
    assert.ok(html.includes('value="&quot;state&quot; &lt;b&gt;&amp;amp;&lt;/b&gt; &#xE9;"'), html);
  } finally {
    await t.server.stop();
  }
});

test('a pairwise client needs a sector_identifier_uri unless its redirect URIs name one host', async () => {
  const t = await start();
  try {
    for (const oAuth2Client of [
      { subject_type: 'pairwise', redirect_uris: ['https://a.example/cb', 'https://b.example/cb'] },
      { subject_type: 'pairwise' },
    ]) {
      for (const attempt of [() => t.admin.createOAuth2Client({ oAuth2Client }), () => t.oidc.createOidcDynamicClient({ oAuth2Client })]) {
        const refused = await failure(attempt());
        assert.equal(refused.status, 400);
        assert.equal(refused.data.error, 'invalid_client_metadata');
        assert.match(refused.data.error_description, /Field sector_identifier_uri must be set when subject_type is pairwise/);
      }
    }
    const ok = await t.admin.createOAuth2Client({ oAuth2Client: { subject_type: 'pairwise', redirect_uris: ['https://a.example/cb', 'https://a.example/other'] } });
    assert.equal(ok.status, 201);
    assert.equal(ok.data.subject_type, 'pairwise');
  } finally {
    await t.server.stop();
  }
});
