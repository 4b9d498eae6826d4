// A fixed corpus of hostile requests (lib/hostile-corpus.mjs) sent over raw sockets to every endpoint
// of every listener of `tessera serve all --dev`: whatever arrives, the answer is never a 5xx, always
// arrives (no hang), and an error carries a JSON body in the listener's or the endpoint's error shape.
// A 405 names the allowed methods in Allow. Failures are listed all at once, by case id.
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, serve } from './lib/tessera.mjs';
import { exchange } from './lib/rawhttp.mjs';
import { buildCorpus, listeners, SEED } from './lib/hostile-corpus.mjs';

const CONCURRENCY = 6;

function shapeOf(body) {
  let parsed;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (parsed?.error && typeof parsed.error === 'object' && typeof parsed.error.code === 'number'
    && typeof parsed.error.status === 'string' && typeof parsed.error.message === 'string') return { shape: 'ory', parsed };
  if (typeof parsed?.error === 'string' && typeof parsed.error_description === 'string') return { shape: 'oauth2', parsed };
  return { shape: 'other', parsed };
}

/** What is wrong with one answer, or null. */
function problem(item, answer) {
  if (answer.outcome === 'timeout') return 'no complete answer within the timeout (hang)';
  // Kestrel takes a client's half-close for the end of the connection and drops the answer.
  if (answer.outcome === 'closed') return item.kestrel || item.halfClose ? null : 'connection closed without an answer';
  const { status, headers, body } = answer;
  const text = () => body.toString('utf8').slice(0, 200);
  if (item.expect !== undefined && status !== item.expect) return `status ${status}, expected ${item.expect}: ${text()}`;
  if (status >= 500 && status !== item.expect) return `status ${status}: ${text()}`;
  if (status === 405) {
    const allowed = (headers.allow ?? '').split(',').map((m) => m.trim()).filter(Boolean);
    if (allowed.length === 0) return '405 without Allow';
    if (item.label === 'method not allowed') {
      const want = [...item.route.methods, 'OPTIONS'].sort();
      if (allowed.join(', ') !== want.join(', ')) return `Allow "${headers.allow}", expected "${want.join(', ')}"`;
    }
  }
  if (status === 200 && item.label === 'method not allowed') {
    const want = [...item.route.methods, 'OPTIONS'].sort().join(', ');
    if (headers.allow !== want) return `OPTIONS answered Allow "${headers.allow}", expected "${want}"`;
  }
  if (status < 400 || item.head) return null;
  if (body.length === 0) return item.kestrel ? null : `status ${status} with an empty body`;
  const found = shapeOf(body);
  if (!found) return `status ${status} with a body that is not JSON: ${text()}`;
  const accepted = [item.listener.shape, ...(item.route.shapes ?? [])];
  if (!accepted.includes(found.shape)) return `status ${status} in shape ${found.shape}, expected ${accepted.join(' or ')}: ${text()}`;
  if (found.shape === 'ory' && found.parsed.error.code !== status) return `body code ${found.parsed.error.code} differs from status ${status}`;
  if (!/^application\/json/.test(headers['content-type'] ?? '')) return `status ${status} with content type ${headers['content-type']}`;
  // What routing and Kestrel's limits answer is the listener's, whatever the endpoint's own shape.
  const listenerLevel = status === 405 || status === 413 || status === 408 || item.route.methods.length === 0;
  if (listenerLevel && found.shape !== item.listener.shape) return `status ${status} not in the listener's ${item.listener.shape} shape: ${text()}`;
  return null;
}

test('hostile corpus: no 5xx, no hang, JSON errors on every endpoint of every listener', { timeout: 240000 }, async (t) => {
  const ports = {};
  const env = { LOG_LEVEL: 'warn', OAUTH2_OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: 'true' };
  for (const listener of listeners) {
    ports[listener.name] = await freePort();
    env[`${listener.env}_PORT`] = String(ports[listener.name]);
    env[`${listener.env}_HOST`] = '127.0.0.1';
  }
  const server = await serve({ args: ['serve', 'all', '--dev'], env, readyPort: ports['oauth2.admin'] });
  const corpus = buildCorpus(SEED);
  const failures = [];
  const counts = { answered: 0, closed: 0, bare: 0, byStatus: {} };
  const kestrelOnly = {};
  try {
    let next = 0;
    const worker = async () => {
      while (next < corpus.length) {
        const item = corpus[next++];
        const answer = await exchange({ port: ports[item.listener.name], bytes: item.bytes, halfClose: item.halfClose, head: item.head, timeoutMs: 15000 });
        counts[answer.outcome] = (counts[answer.outcome] ?? 0) + 1;
        if (answer.status) counts.byStatus[answer.status] = (counts.byStatus[answer.status] ?? 0) + 1;
        if (answer.outcome === 'closed' || (answer.status >= 400 && answer.body.length === 0 && !item.head)) {
          counts.bare++;
          const seen = `${item.label}: ${answer.status ?? 'closed'}`;
          kestrelOnly[seen] = (kestrelOnly[seen] ?? 0) + 1;
        }
        const wrong = problem(item, answer);
        if (wrong) failures.push(`${item.id}: ${wrong}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // Still serving after all of it.
    for (const listener of listeners) {
      const alive = await exchange({ port: ports[listener.name], bytes: Buffer.from('GET /health/alive HTTP/1.1\r\nHost: localhost\r\n\r\n') });
      if (alive.status !== 200) failures.push(`${listener.name}: /health/alive answered ${alive.status ?? alive.outcome} after the corpus`);
    }
  } finally {
    await server.stop();
  }
  const endpoints = new Set(corpus.map((c) => `${c.listener.name} ${c.route.path}`));
  t.diagnostic(`corpus: ${corpus.length} requests, ${endpoints.size} paths on ${listeners.length} listeners (seed ${SEED.toString(16)})`);
  t.diagnostic(`answers: ${JSON.stringify(counts)}`);
  t.diagnostic(`answered by Kestrel alone, without a body (or closed): ${JSON.stringify(kestrelOnly)}`);
  // HOSTILE_CORPUS_REPORT=file keeps every failure and the server's log, for a closer look.
  if (process.env.HOSTILE_CORPUS_REPORT) {
    writeFileSync(process.env.HOSTILE_CORPUS_REPORT, failures.join('\n') + '\n');
    writeFileSync(`${process.env.HOSTILE_CORPUS_REPORT}.log`, server.log);
  }
  assert.deepEqual(failures.slice(0, 60), [], `${failures.length} of ${corpus.length} hostile requests were answered wrongly`);
  assert.ok(!/Unhandled error/.test(server.log), 'the log reports an unhandled error');
});
