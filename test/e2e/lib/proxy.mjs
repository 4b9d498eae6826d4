// The proxy service and the servers around it: a real upstream and tessera's proxy on free ports.
import http from 'node:http';
import { writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { freePort, serve } from './tessera.mjs';

/**
 * An upstream HTTP server that answers every request with a JSON echo of what it received
 * (method, url, headers, body length). `calls` counts the requests it saw. A WebSocket upgrade is
 * accepted (ws's server): each message comes back prefixed with the upgrade request's path and
 * Authorization header.
 */
export async function startEchoUpstream() {
  const port = await freePort();
  const state = { calls: 0 };
  const server = http.createServer((req, res) => {
    state.calls++;
    let length = 0;
    req.on('data', (chunk) => (length += chunk.length));
    req.on('end', () => {
      const body = JSON.stringify({ method: req.method, url: req.url, headers: req.headers, bodyLength: length });
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'echo' });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', (socket, req) => {
    socket.on('message', (data, binary) => socket.send(binary ? data : `${req.url} ${req.headers.authorization ?? '-'}: ${data}`));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    close: () => new Promise((resolve) => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

/** Replaces a file in one step (write beside it, then rename), as deployment tools do. */
export function replaceFile(file, text) {
  const staged = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(staged, text);
  renameSync(staged, file);
}

/**
 * Starts `tessera serve proxy` with the YAML config `configText` (written to dir/proxy.yaml) on free
 * loopback ports and waits until the API listener answers /health/alive (readiness needs rules,
 * which a test may withhold on purpose). Returns the server and the proxy and API base URLs.
 */
export async function serveProxy({ dir, configText, env = {} }) {
  const proxyPort = await freePort();
  const apiPort = await freePort();
  const configFile = path.join(dir, 'proxy.yaml');
  writeFileSync(configFile, configText);
  const server = await serve({
    args: ['serve', 'proxy', '-c', configFile],
    env: {
      SERVE_PROXY_PORT: String(proxyPort), SERVE_PROXY_HOST: '127.0.0.1',
      SERVE_API_PORT: String(apiPort), SERVE_API_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    readyPath: '/health/alive',
    readyPort: apiPort,
  });
  return { server, proxy: `http://127.0.0.1:${proxyPort}`, api: `http://127.0.0.1:${apiPort}`, proxyPort, apiPort };
}

/** Polls `check` every 50 ms until it returns a truthy value or `timeoutMs` passes. */
export async function eventually(check, { timeoutMs = 10_000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
