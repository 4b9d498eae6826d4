// Starts the real tessera binary for end-to-end tests and stops it again.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const binary = process.env.TESSERA_BIN ?? path.resolve(import.meta.dirname, '../../../artifacts/aot/tessera');

// Ports handed out by this process. They come from below Linux's ephemeral range (32768-60999): a port
// the kernel picked for us there can be taken as the source port of an outgoing connection before
// the server that is to listen on it binds.
const handedOut = new Set();

function canBind(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort() {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (handedOut.has(port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port between 20000 and 32000');
}

export function tempDir(prefix = 'tessera-e2e-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `tessera <args>` to completion and returns its exit code and output. */
export async function run(args, { env = {} } = {}) {
  const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, stdout, stderr };
}

/**
 * Starts `tessera serve <service>` with the given environment on free ports and waits until
 * `readyUrl` answers 200. Returns the urls, the collected log and a stop() that sends SIGTERM.
 */
export async function serve({ args, env = {}, readyPath = '/health/ready', readyPort, timeoutMs = 20000 }) {
  const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (!ready && Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`http://127.0.0.1:${readyPort}${readyPath}`);
      ready = res.status === 200;
    } catch {
      // not listening yet
    }
    if (!ready) await new Promise((r) => setTimeout(r, 25));
  }
  if (!ready) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`tessera ${args.join(' ')} did not become ready:\n${log}`);
  }
  return {
    child,
    get log() { return log; },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return await exited;
    },
  };
}

/**
 * Starts `tessera serve oauth2 --dev` on free loopback ports with a DSN and a system secret;
 * `env(urls)` adds settings that need the URLs (the issuer, usually). Returns the server and the
 * public and admin base URLs (no trailing slash).
 */
export async function serveOAuth2({ dsn, secret = 'e2e-secret-e2e-secret-0001', env = () => ({}) }) {
  const publicPort = await freePort();
  const adminPort = await freePort();
  const urls = { public: `http://127.0.0.1:${publicPort}`, admin: `http://127.0.0.1:${adminPort}` };
  const server = await serve({
    args: ['serve', 'oauth2', '--dev'],
    env: {
      DSN: dsn,
      SECRETS_SYSTEM: secret,
      SERVE_PUBLIC_PORT: String(publicPort), SERVE_PUBLIC_HOST: '127.0.0.1',
      SERVE_ADMIN_PORT: String(adminPort), SERVE_ADMIN_HOST: '127.0.0.1',
      ...env(urls),
    },
    readyPort: adminPort,
  });
  return { server, ...urls };
}

/** The status and body of an SDK call that must fail (axios-style errors of @ory/hydra-client). */
export async function sdkFailure(promise) {
  try {
    await promise;
  } catch (e) {
    if (!e.response) throw e;
    return { status: e.response.status, data: e.response.data };
  }
  throw new Error('expected the request to fail');
}
