// The identity service for the self-service suites: one schema, `serve identity --dev` with the flows' UI URLs,
// and the helpers a browser-style client needs (a cookie jar, the flow's anti-CSRF token, its message ids).
import { Configuration, FrontendApi, IdentityApi } from '@ory/kratos-client';
import { freePort, serve } from './tessera.mjs';

/** Where the flows' UI pages would be (never contacted: the tests read the redirects). */
export const ui = 'http://ui.test';

/** An email identifier with a password, and a name. */
export const emailSchema = {
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

export const base64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64');

/**
 * `tessera serve identity --dev` on `dsn` and free loopback ports with `emailSchema`, the UI URLs, a cookie secret,
 * bcrypt cost 4 and a session after registration; `env` adds or overrides settings. Returns the server, both base
 * URLs and the SDK's two APIs on them.
 */
export async function serveSelfService(dsn, env = {}) {
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
      IDENTITY_SCHEMAS: JSON.stringify([{ id: 'default', url: `base64://${base64(emailSchema)}` }]),
      SELFSERVICE_DEFAULT_BROWSER_RETURN_URL: `${ui}/`,
      SELFSERVICE_ALLOWED_RETURN_URLS: JSON.stringify([`${ui}/`]),
      SELFSERVICE_FLOWS_LOGIN_UI_URL: `${ui}/login`,
      SELFSERVICE_FLOWS_REGISTRATION_UI_URL: `${ui}/registration`,
      SELFSERVICE_FLOWS_SETTINGS_UI_URL: `${ui}/settings`,
      SELFSERVICE_FLOWS_ERROR_UI_URL: `${ui}/error`,
      SELFSERVICE_FLOWS_REGISTRATION_AFTER_PASSWORD_HOOKS: JSON.stringify([{ hook: 'session' }]),
      ...env,
    },
    readyPort: adminPort,
  });
  const config = (basePath) => new Configuration({ basePath });
  return { server, ...urls, frontend: new FrontendApi(config(urls.public)), identities: new IdentityApi(config(urls.admin)) };
}

/** The Set-Cookie pairs of an axios answer, as a Cookie header value merged over `jar`. */
export function cookies(response, jar = '') {
  const pairs = new Map(jar.split('; ').filter(Boolean).map((p) => p.split(/=(.*)/s).slice(0, 2)));
  for (const line of response.headers['set-cookie'] ?? []) {
    const [name, value] = line.split(';')[0].split(/=(.*)/s);
    pairs.set(name, value);
  }
  return [...pairs].map(([k, v]) => `${k}=${v}`).join('; ');
}

export const csrfOf = (flow) => flow.ui.nodes.find((n) => n.attributes.name === 'csrf_token')?.attributes.value;

export const messageIds = (flow) => [...(flow.ui.messages ?? []), ...flow.ui.nodes.flatMap((n) => n.messages)].map((m) => m.id);
