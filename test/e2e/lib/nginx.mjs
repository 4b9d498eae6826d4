// Debian's nginx, started for real in a temp folder with a config the test writes.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const nginxBinary = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

/** True when nginx is installed and has the auth_request module (Debian's packages have it). */
export function nginxAvailable() {
  const probe = spawnSync(nginxBinary, ['-V'], { encoding: 'utf8' });
  return probe.status === 0 && /auth_request|http_auth_request_module/.test(probe.stderr + probe.stdout);
}

/**
 * Runs nginx in the foreground with `httpBlock` as the body of its `http { … }` block. Everything it
 * writes (pid, logs, temp files) stays in `dir`. Resolves once `port` accepts connections.
 */
export async function startNginx({ dir, httpBlock, port }) {
  const prefix = path.join(dir, 'nginx');
  mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  const conf = `${user}
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
${httpBlock}
}
`;
  const confFile = path.join(prefix, 'nginx.conf');
  writeFileSync(confFile, conf);
  const child = spawn(nginxBinary, ['-p', prefix, '-c', confFile, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited:\n${log}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`nginx did not listen on ${port}:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return {
    get log() { return log; },
    async stop() {
      if (child.exitCode === null) child.kill('SIGQUIT');
      return await exited;
    },
  };
}
