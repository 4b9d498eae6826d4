#!/usr/bin/env python3
"""How long `tessera janitor --tokens` takes to clear a large backlog of expired tokens.

Usage: bench/janitor.py [--binary artifacts/aot/tessera] [--rows 1000000] [--valid 100000]
                        [--batch-sizes 100,1000,5000,20000] [--backends sqlite,postgres]

For each backend and batch size: a fresh, migrated database; one bulk INSERT of --rows expired
tokens (requested two days ago, expired one day ago, ~300-byte session data, as real rows carry)
plus --valid unexpired ones; then the wall time of
`tessera janitor DSN --tokens --limit ROWS --batch-size B`, and a check that exactly the valid
rows are left. PostgreSQL is a private cluster (initdb in a temp folder, as the tests do); pass
--postgres-dsn to use an existing server instead (a database named tessera_janitor_bench is
dropped and created in it).
"""
import argparse, os, shutil, socket, subprocess, sys, tempfile, time

PG_BIN = "/usr/lib/postgresql/15/bin"

parser = argparse.ArgumentParser()
parser.add_argument("--binary", default="artifacts/aot/tessera")
parser.add_argument("--rows", type=int, default=1_000_000)
parser.add_argument("--valid", type=int, default=100_000)
parser.add_argument("--batch-sizes", default="100,1000,5000,20000")
parser.add_argument("--backends", default="sqlite,postgres")
parser.add_argument("--postgres-dsn", default=None)
args = parser.parse_args()
binary = os.path.abspath(args.binary)
batch_sizes = [int(b) for b in args.batch_sizes.split(",")]


def tessera(*argv):
    t0 = time.perf_counter()
    result = subprocess.run([binary, *argv], capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if result.returncode != 0:
        sys.exit(f"tessera {' '.join(argv[:2])} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return elapsed, result.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sqlite_fill(path, rows, valid):
    import sqlite3
    con = sqlite3.connect(path)
    # Timestamps as the SQLite dialect writes them: 'yyyy-MM-dd HH:mm:ss.ffffff' in UTC.
    for count, requested, expires, offset in ((rows, "-2 days", "-1 days", 0), (valid, "-1 hours", "+1 days", rows)):
        con.execute(f"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO oauth2_tokens (kind, signature, request_id, client_id, subject, active, requested_at, expires_at, data)
            SELECT 'access_token', printf('%064d', i + {offset}), printf('req-%d', i + {offset}), 'bench-client', 'alice', 1,
                   strftime('%Y-%m-%d %H:%M:%f000', 'now', '{requested}'), strftime('%Y-%m-%d %H:%M:%f000', 'now', '{expires}'),
                   printf('{{"scope":"openid offline","pad":"%.280c"}}', 'x')
            FROM n""")
    con.commit()
    con.close()


def sqlite_count(path):
    import sqlite3
    con = sqlite3.connect(path)
    n = con.execute("SELECT COUNT(*) FROM oauth2_tokens").fetchone()[0]
    con.close()
    return n


def psql(dsn, sql):
    result = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", dsn, "-c", sql], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"psql failed: {result.stderr}")
    return result.stdout.strip()


def postgres_fill(dsn, rows, valid):
    for count, requested, expires, offset in ((rows, "2 days", "-1 days", 0), (valid, "1 hour", "1 day", rows)):
        psql(dsn, f"""
            INSERT INTO oauth2_tokens (kind, signature, request_id, client_id, subject, active, requested_at, expires_at, data)
            SELECT 'access_token', lpad((i + {offset})::text, 64, '0'), 'req-' || (i + {offset}), 'bench-client', 'alice', true,
                   now() - interval '{requested}', now() + interval '{expires}',
                   '{{"scope":"openid offline","pad":"' || repeat('x', 280) || '"}}'
            FROM generate_series(1, {count}) AS i""")
    psql(dsn, "ANALYZE oauth2_tokens")


class PrivatePostgres:
    """initdb + postgres in a temp folder on a free port, trust auth over loopback; run as postgres when root."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="tessera-janitor-pg-")
        self.port = free_port()
        as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if as_user:
            shutil.chown(self.folder, "postgres", "postgres")
        data = os.path.join(self.folder, "data")
        subprocess.run([*as_user, f"{PG_BIN}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
                       check=True, capture_output=True)
        self.proc = subprocess.Popen([*as_user, f"{PG_BIN}/postgres", "-D", data, "-p", str(self.port), "-h", "127.0.0.1",
                                      "-k", self.folder, "-c", "fsync=on", "-c", "synchronous_commit=on"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            if subprocess.run([f"{PG_BIN}/pg_isready", "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        else:
            self.stop()
            sys.exit("the private PostgreSQL did not start")
        self.admin_dsn = f"postgres://postgres@127.0.0.1:{self.port}/postgres?sslmode=disable"

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


def run_sqlite():
    results = []
    for batch in batch_sizes:
        with tempfile.TemporaryDirectory(prefix="tessera-janitor-") as tmp:
            path = os.path.join(tmp, "bench.sqlite")
            dsn = f"sqlite://{path}?_fk=true"
            tessera("migrate", "sql", dsn, "--yes")
            sqlite_fill(path, args.rows, args.valid)
            elapsed, out = tessera("janitor", dsn, "--tokens", "--limit", str(args.rows), "--batch-size", str(batch))
            left = sqlite_count(path)
            results.append(("sqlite", batch, elapsed, left))
            print(f"sqlite    batch {batch:>6}: {elapsed:7.2f} s  ({args.rows / elapsed:>9,.0f} rows/s), {left} rows left", flush=True)
    return results


def run_postgres():
    server = None if args.postgres_dsn else PrivatePostgres()
    admin = args.postgres_dsn or server.admin_dsn
    results = []
    try:
        for batch in batch_sizes:
            psql(admin, "DROP DATABASE IF EXISTS tessera_janitor_bench")
            psql(admin, "CREATE DATABASE tessera_janitor_bench")
            base, _, query = admin.partition("?")
            dsn = base.rsplit("/", 1)[0] + "/tessera_janitor_bench" + ("?" + query if query else "")
            tessera("migrate", "sql", dsn, "--yes")
            postgres_fill(dsn, args.rows, args.valid)
            elapsed, out = tessera("janitor", dsn, "--tokens", "--limit", str(args.rows), "--batch-size", str(batch))
            left = int(psql(dsn, "SELECT COUNT(*) FROM oauth2_tokens"))
            results.append(("postgres", batch, elapsed, left))
            print(f"postgres  batch {batch:>6}: {elapsed:7.2f} s  ({args.rows / elapsed:>9,.0f} rows/s), {left} rows left", flush=True)
    finally:
        if server:
            server.stop()
    return results


print(f"janitor: {args.rows:,} expired + {args.valid:,} valid tokens, binary {binary}", flush=True)
all_results = []
for backend in args.backends.split(","):
    all_results += {"sqlite": run_sqlite, "postgres": run_postgres}[backend]()
bad = [r for r in all_results if r[3] != args.valid]
if bad:
    sys.exit(f"wrong number of rows left: {bad}")
