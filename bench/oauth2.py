#!/usr/bin/env python3
"""OAuth2 hot-path figures for the AOT binary, measured with wrk against one running server.

Usage: bench/oauth2.py [path/to/tessera]   (default: artifacts/aot/tessera; build/aot-publish.sh makes it)

Starts `tessera serve oauth2` on a migrated SQLite file DSN with opaque tokens and loads, one after
the other with wrk (2 threads, 32 connections, 10 s each):
  - the reference: GET /health/alive on the public port,
  - client_credentials token issuance: POST /oauth2/token with client_secret_basic,
  - introspection of an opaque access token: POST /admin/oauth2/introspect.
Prints requests/s for each and the ratios to the reference measured in the same run (targets from
issue 3: issuance >= 0.25, introspection >= 0.50). The three loads are repeated BENCH_RUNS times
(default 3) against the same server, each round with its own reference, and the median ratios are
printed last: the machines are shared and one round can be off by 20%. Installs wrk with apt-get
when it is missing.
"""
import base64, http.client, json, os, re, shutil, socket, subprocess, sys, tempfile, time

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "artifacts/aot/tessera")
duration = os.environ.get("BENCH_DURATION", "10s")
runs = int(os.environ.get("BENCH_RUNS", "3"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def wait_ready(port, deadline=20):
    end = time.time() + deadline
    while time.time() < end:
        try:
            if request(port, "GET", "/health/ready")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit("tessera did not become ready")


def wrk(url, script=None):
    args = ["wrk", "-t2", "-c32", f"-d{duration}", "--latency"]
    if script:
        args += ["-s", script]
    out = subprocess.run(args + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    return rps, int(non2xx.group(1)) if non2xx else 0, p99.group(1) if p99 else "?"


def post_script(folder, name, body, headers):
    path = os.path.join(folder, name + ".lua")
    lines = ['wrk.method = "POST"', f"wrk.body = {json.dumps(body)}"]
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


if shutil.which("wrk") is None:
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)

with tempfile.TemporaryDirectory(prefix="tessera-bench-") as tmp:
    dsn = f"sqlite://{tmp}/bench.sqlite?_fk=true"
    public, admin = free_port(), free_port()
    env = dict(os.environ, DSN=dsn, SECRETS_SYSTEM="bench-secret-bench-secret-0001", LOG_LEVEL="error",
               SERVE_PUBLIC_PORT=str(public), SERVE_ADMIN_PORT=str(admin), SERVE_PUBLIC_HOST="127.0.0.1", SERVE_ADMIN_HOST="127.0.0.1",
               STRATEGIES_ACCESS_TOKEN="opaque")
    subprocess.run([binary, "migrate", "sql", dsn, "--yes"], check=True, env=env, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([binary, "serve", "oauth2", "--dangerous-force-http"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(admin)
        status, data = request(admin, "POST", "/admin/clients", json.dumps({"grant_types": ["client_credentials"], "scope": "read"}), {"Content-Type": "application/json"})
        assert status == 201, (status, data)
        client = json.loads(data)
        basic = "Basic " + base64.b64encode(f"{client['client_id']}:{client['client_secret']}".encode()).decode()
        form = {"Content-Type": "application/x-www-form-urlencoded", "Authorization": basic}
        status, data = request(public, "POST", "/oauth2/token", "grant_type=client_credentials&scope=read", form)
        assert status == 200, (status, data)
        token = json.loads(data)["access_token"]

        token_script = post_script(tmp, "token", "grant_type=client_credentials&scope=read", form)
        introspect_script = post_script(tmp, "introspect", f"token={token}", {"Content-Type": "application/x-www-form-urlencoded"})
        rounds = []
        for _ in range(runs):
            rounds.append((
                wrk(f"http://127.0.0.1:{public}/health/alive"),
                wrk(f"http://127.0.0.1:{public}/oauth2/token", token_script),
                wrk(f"http://127.0.0.1:{admin}/admin/oauth2/introspect", introspect_script),
            ))
    finally:
        server.terminate()
        server.wait(timeout=15)

print(f"wrk -t2 -c32 -d{duration}, SQLite file DSN, opaque tokens, {runs} rounds against one server")
issue_ratios, introspect_ratios = [], []
for number, ((alive, alive_errors, alive_p99), (issue, issue_errors, issue_p99), (introspect, introspect_errors, introspect_p99)) in enumerate(rounds, 1):
    issue_ratios.append(issue / alive)
    introspect_ratios.append(introspect / alive)
    print(f"round {number}")
    print(f"  GET  /health/alive            {alive:10.0f} req/s  p99 {alive_p99:>8}  non-2xx {alive_errors}")
    print(f"  POST /oauth2/token (cc)       {issue:10.0f} req/s  p99 {issue_p99:>8}  non-2xx {issue_errors}  ratio {issue / alive:.3f}")
    print(f"  POST /admin/oauth2/introspect {introspect:10.0f} req/s  p99 {introspect_p99:>8}  non-2xx {introspect_errors}  ratio {introspect / alive:.3f}")
median = lambda values: sorted(values)[len(values) // 2]
print(f"median ratios: issuance {median(issue_ratios):.3f} (target >= 0.25), introspection {median(introspect_ratios):.3f} (target >= 0.50)")
