#!/usr/bin/env python3
"""Platform figures for the AOT binary: size, start-to-ready time, idle RSS.

Usage: bench/startup.py [path/to/tessera]   (default: artifacts/aot/tessera; build/aot-publish.sh makes it)

Start-to-ready is the time from spawning `tessera serve oauth2` on a migrated SQLite file DSN
until GET /health/ready on the admin port answers 200, polled every millisecond; the median of
10 runs after one
first start (which generates the signing keys once and is reported apart). The reference, measured in the same run, is the time `tessera version` takes from spawn
to exit (process start plus runtime start-up), so the ratio says what serving adds.
"""
import os, socket, statistics, subprocess, sys, tempfile, time, http.client

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "artifacts/aot/tessera")
runs = 10


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ready(port):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=0.2)
        conn.request("GET", "/health/ready")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


with tempfile.TemporaryDirectory(prefix="tessera-bench-") as tmp:
    dsn = f"sqlite://{tmp}/bench.sqlite?_fk=true"
    env = dict(os.environ, DSN=dsn, SECRETS_SYSTEM="bench-secret-bench-secret-0001", LOG_LEVEL="error")
    subprocess.run([binary, "migrate", "sql", dsn, "--yes"], check=True, env=env, stdout=subprocess.DEVNULL)

    version_times, ready_times, rss = [], [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([binary, "version"], check=True, stdout=subprocess.DEVNULL)
        version_times.append(time.perf_counter() - t0)

    first_start = None
    for i in range(-1, runs):
        public, admin = free_port(), free_port()
        run_env = dict(env, SERVE_PUBLIC_PORT=str(public), SERVE_ADMIN_PORT=str(admin),
                       SERVE_PUBLIC_HOST="127.0.0.1", SERVE_ADMIN_HOST="127.0.0.1")
        t0 = time.perf_counter()
        proc = subprocess.Popen([binary, "serve", "oauth2", "--dangerous-force-http"], env=run_env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = t0 + 20
        while not ready(admin):
            if proc.poll() is not None or time.perf_counter() > deadline:
                proc.kill()
                sys.exit("tessera did not become ready:\n" + proc.stderr.read().decode())
            time.sleep(0.001)
        if i < 0:
            first_start = time.perf_counter() - t0  # creates the signing keys; reported apart
        else:
            ready_times.append(time.perf_counter() - t0)
        if i == runs - 1:
            time.sleep(1.0)
            rss.append(rss_kib(proc.pid))
        proc.terminate()
        proc.wait(timeout=15)

size = os.path.getsize(binary)
ready_ms = statistics.median(ready_times) * 1000
version_ms = statistics.median(version_times) * 1000
print(f"binary size:          {size / 1024 / 1024:.1f} MiB ({size} bytes)   target < 40 MiB")
print(f"start to ready:       {ready_ms:.1f} ms median of {runs} (min {min(ready_times)*1000:.1f}, max {max(ready_times)*1000:.1f})   target < 100 ms")
print(f"reference (version):  {version_ms:.1f} ms median of {runs}; ready/version = {ready_ms / version_ms:.2f}")
print(f"first start (creates 2 RSA signing keys): {first_start * 1000:.1f} ms, not in the median")
print(f"idle RSS after start: {rss[0] / 1024:.1f} MiB   target < 60 MiB")
