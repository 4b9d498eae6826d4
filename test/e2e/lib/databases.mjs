// Real database servers for end-to-end tests: PostgreSQL 15 and MariaDB, each started in a temp
// folder on a free loopback port and removed again. Both run as the current user, except that
// PostgreSQL refuses root and then runs as the `postgres` system user.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, tempDir } from './tessera.mjs';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const isRoot = process.getuid?.() === 0;

function runSync(program, args, options = {}) {
  return execFileSync(program, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options }).toString();
}

async function waitFor(check, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start: ${last?.message ?? 'timeout'}`);
}

export async function startPostgres() {
  const dir = tempDir('tessera-e2e-pg-');
  const data = path.join(dir.path, 'data');
  const port = await freePort();
  const asPg = (program, args) => (isRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args]);
  if (isRoot) {
    chmodSync(dir.path, 0o777);
    runSync('chown', ['-R', 'postgres:postgres', dir.path]);
  }
  const pwfile = path.join(dir.path, 'pw');
  writeFileSync(pwfile, 'tessera-pg-pw\n', { mode: 0o644 });
  const [initdb, initArgs] = asPg(`${PG_BIN}/initdb`, ['-D', data, '-U', 'tessera', `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  runSync(initdb, initArgs);
  const [postgres, pgArgs] = asPg(`${PG_BIN}/postgres`, ['-D', data, '-p', String(port), '-k', dir.path, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200']);
  const child = spawn(postgres, pgArgs, { stdio: 'ignore' });
  const env = { ...process.env, PGPASSWORD: 'tessera-pg-pw' };
  const psql = (sql, db = 'postgres') => runSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'tessera', '-d', db, '-v', 'ON_ERROR_STOP=1', '-c', sql], { env });
  await waitFor(() => (psql('SELECT 1'), true), 'PostgreSQL');
  return {
    name: 'postgres',
    async createDatabase(name) {
      psql(`CREATE DATABASE ${name}`);
      return `postgres://tessera:tessera-pg-pw@127.0.0.1:${port}/${name}?sslmode=disable`;
    },
    async stop() {
      // runuser does not pass signals on: signal the postmaster itself (first line of postmaster.pid).
      const exited = new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
      const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGQUIT');
      await exited;
      dir.remove();
    },
  };
}

export async function startMariaDb() {
  const dir = tempDir('tessera-e2e-mariadb-');
  const data = path.join(dir.path, 'data');
  const socket = path.join(dir.path, 'mysqld.sock');
  const port = await freePort();
  const user = isRoot ? 'root' : process.env.USER ?? 'root';
  runSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, `--user=${user}`, '--auth-root-authentication-method=normal', '--skip-test-db']);
  const child = spawn('mariadbd', ['--no-defaults', `--datadir=${data}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${socket}`,
    `--pid-file=${path.join(dir.path, 'mysqld.pid')}`, `--user=${user}`, '--skip-log-bin', '--skip-name-resolve', '--innodb-flush-log-at-trx-commit=0',
    '--innodb-buffer-pool-size=32M', '--max-connections=200', `--log-error=${path.join(dir.path, 'error.log')}`], { stdio: 'ignore' });
  const sql = (statement) => runSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-u', 'root', '-e', statement]);
  await waitFor(() => existsSync(socket) && (sql('SELECT 1'), true), 'MariaDB');
  sql("CREATE USER IF NOT EXISTS 'tessera'@'%' IDENTIFIED BY 'tessera-my-pw'; GRANT ALL PRIVILEGES ON *.* TO 'tessera'@'%'; FLUSH PRIVILEGES;");
  return {
    name: 'mysql',
    async createDatabase(name) {
      sql(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
      return `mysql://tessera:tessera-my-pw@tcp(127.0.0.1:${port})/${name}?parseTime=true`;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
      dir.remove();
    },
  };
}

/** A SQLite file in a temp folder, shaped like the servers above. */
export async function startSqlite() {
  const dir = tempDir('tessera-e2e-sqlite-');
  return {
    name: 'sqlite',
    async createDatabase(name) {
      return `sqlite://${path.join(dir.path, name + '.sqlite')}?_fk=true`;
    },
    async stop() {
      dir.remove();
    },
  };
}

/**
 * For suites that run once per backend: starts the named servers before the suite, stops them
 * after, and hands out freshly migrated DSNs (for `service`, else oauth2).
 */
export function databasesFor(names, { before, after, run }) {
  const starters = { sqlite: startSqlite, postgres: startPostgres, mariadb: startMariaDb };
  const servers = {};
  before(async () => {
    for (const name of names) servers[name] = await starters[name]();
  });
  after(async () => {
    for (const server of Object.values(servers)) await server.stop();
  });
  let counter = 0;
  return async function migratedDsn(name, service) {
    const dsn = await servers[name].createDatabase(`e2e_${process.pid}_${++counter}`);
    const migrated = await run(['migrate', 'sql', dsn, '--yes', ...(service ? ['--service', service] : [])]);
    if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
    return dsn;
  };
}
