// HTTP/1.1 over a raw TCP socket: sends exactly the bytes given (broken framing included) and parses
// the first final answer. Node's own clients refuse to send most of what a hostile peer sends.
import net from 'node:net';

/**
 * Sends `bytes` (a Buffer, or an array of Buffers written one after another) to host:port and reads
 * the first non-1xx response. With `halfClose`, the write side is closed after sending, as a client
 * that stops in the middle of a body does. Resolves to
 * `{ status, headers, body, outcome }` where outcome is 'answered', 'closed' (the server closed
 * without a complete answer) or 'timeout' (nothing complete within `timeoutMs`).
 */
export function exchange({ host = '127.0.0.1', port, bytes, halfClose = false, head = false, timeoutMs = 10000 }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (outcome, response = {}) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome, status: null, headers: {}, body: Buffer.alloc(0), received, ...response });
    };
    const timer = setTimeout(() => finish('timeout', parse(received, head, true) ?? {}), timeoutMs);
    socket.on('connect', async () => {
      const parts = Array.isArray(bytes) ? bytes : [bytes];
      for (const part of parts) {
        if (settled || socket.destroyed) return;
        await new Promise((done) => socket.write(part, () => done()));
      }
      if (halfClose && !socket.destroyed) socket.end();
    });
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const response = parse(received, head, false);
      if (response) finish('answered', response);
    });
    // A write after the server closed is an EPIPE/ECONNRESET: what it answered before still counts.
    socket.on('error', () => finish(...closedWith(received, head)));
    socket.on('close', () => finish(...closedWith(received, head)));
  });
}

function closedWith(received, head) {
  const response = parse(received, head, true);
  return response ? ['answered', response] : ['closed', {}];
}

/** The first final response in `data`, or null while incomplete (`ended`: the connection is closed). */
export function parse(data, head, ended) {
  let offset = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', offset);
    if (end < 0) return null;
    const lines = data.subarray(offset, end).toString('latin1').split('\r\n');
    const match = /^HTTP\/\d\.\d (\d{3})/.exec(lines[0]);
    if (!match) return null;
    const status = Number(match[1]);
    const headers = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const start = end + 4;
    if (status >= 100 && status < 200) {
      offset = start;
      continue;
    }
    if (head || status === 204 || status === 304) return { status, headers, body: Buffer.alloc(0) };
    if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (data.length - start < length) return null;
      return { status, headers, body: data.subarray(start, start + length) };
    }
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const body = dechunk(data.subarray(start));
      return body ? { status, headers, body } : null;
    }
    return ended ? { status, headers, body: data.subarray(start) } : null;
  }
}

function dechunk(data) {
  const parts = [];
  let offset = 0;
  for (;;) {
    const line = data.indexOf('\r\n', offset);
    if (line < 0) return null;
    const size = parseInt(data.subarray(offset, line).toString('latin1'), 16);
    if (Number.isNaN(size)) return null;
    if (size === 0) return Buffer.concat(parts);
    if (data.length < line + 2 + size + 2) return null;
    parts.push(data.subarray(line + 2, line + 2 + size));
    offset = line + 2 + size + 2;
  }
}
