#!/usr/bin/env python3
"""Identity service figures for the AOT binary (issue 15).

Usage: bench/identity.py [path/to/tessera]   (default: artifacts/aot/tessera; build/aot-publish.sh makes it)

1. whoami: starts `tessera serve identity` on a migrated SQLite file DSN, creates an identity with a
   password through the admin API, logs in once through an API login flow (session token) and once
   through a browser login flow (session cookie), then loads with wrk (2 threads, 32 connections):
     - the reference: GET /health/alive on the public port,
     - GET /sessions/whoami with X-Session-Token,
     - GET /sessions/whoami with the session cookie.
   Prints requests/s, p50/p99 and the ratio to the reference (target: token variant >= 0.50).
2. Password login with bcrypt cost 12: LOGINS sequential API logins (flow creation not timed), each
   timed from request to answer; the server's own histogram of the bcrypt verifications it made for
   them (tessera_identity_password_verify_seconds on the admin port's /metrics) gives the bare verify
   time measured in the same process. Prints the median login time, the mean verify time and their
   ratio (target <= 1.10), and logins/s with 2 and 4 concurrent clients.
3. `serve all --dev` (memory DSN): start-to-ready (spawn until /health/ready answers 200 on the oauth2
   and identity admin listeners and the proxy's API listener is alive; median of 5) and idle RSS 2 s after ready (targets < 100 ms, < 80 MB).
Installs wrk with apt-get when it is missing.
"""
import base64, http.client, json, os, re, shutil, socket, statistics, subprocess, sys, tempfile, threading, time

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "artifacts/aot/tessera")
duration = os.environ.get("BENCH_DURATION", "10s")
logins = int(os.environ.get("BENCH_LOGINS", "20"))

SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {"traits": {"type": "object", "properties": {"email": {
        "type": "string", "format": "email",
        "ory.sh/kratos": {"credentials": {"password": {"identifier": True}}}}},
        "required": ["email"]}},
}
EMAIL, PASSWORD = "bench@example.com", "a correct horse battery staple 42"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One keep-alive connection with a tiny cookie jar."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {}

    def send(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None and not isinstance(body, (str, bytes)):
            body = json.dumps(body)
            headers.setdefault("Content-Type", "application/json")
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, data


def request(port, method, path, body=None, headers=None):
    return Client(port).send(method, path, body, headers)


def wait_ready(ports, deadline=20.0, proc=None, path="/health/ready"):
    end = time.perf_counter() + deadline
    pending = [p if isinstance(p, tuple) else (p, path) for p in ports]
    while pending:
        if proc is not None and proc.poll() is not None:
            raise SystemExit("tessera exited before it was ready")
        try:
            if request(pending[0][0], "GET", pending[0][1])[0] == 200:
                pending.pop(0)
                continue
        except OSError:
            pass
        if time.perf_counter() > end:
            raise SystemExit("tessera did not become ready")
        time.sleep(0.001)


def wrk(url, headers):
    args = ["wrk", "-t2", "-c32", f"-d{duration}", "--latency"]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    out = subprocess.run(args + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    return rps, int(non2xx.group(1)) if non2xx else 0, p50.group(1) if p50 else "?", p99.group(1) if p99 else "?"


def verify_histogram(admin):
    status, data = request(admin, "GET", "/metrics/prometheus")
    if status != 200:
        status, data = request(admin, "GET", "/metrics")
    text = data.decode()
    total = re.search(r"^tessera_identity_password_verify_seconds_sum\S*\s+([\d.e+-]+)", text, re.M)
    count = re.search(r"^tessera_identity_password_verify_seconds_count\S*\s+([\d.e+-]+)", text, re.M)
    if not total or not count:
        raise SystemExit("the server exposes no tessera_identity_password_verify_seconds histogram")
    return float(total.group(1)), float(count.group(1))


def api_login(public):
    client = Client(public)
    status, data = client.send("GET", "/self-service/login/api")
    assert status == 200, (status, data)
    flow = json.loads(data)["id"]
    t0 = time.perf_counter()
    status, data = client.send("POST", f"/self-service/login?flow={flow}", {"method": "password", "identifier": EMAIL, "password": PASSWORD})
    elapsed = time.perf_counter() - t0
    assert status == 200, (status, data)
    return json.loads(data)["session_token"], elapsed


def browser_login(public):
    client = Client(public)
    status, data = client.send("GET", "/self-service/login/browser", headers={"Accept": "application/json"})
    assert status == 200, (status, data)
    flow = json.loads(data)
    csrf = next(n["attributes"]["value"] for n in flow["ui"]["nodes"] if n["attributes"].get("name") == "csrf_token")
    status, data = client.send("POST", f"/self-service/login?flow={flow['id']}",
                               {"method": "password", "identifier": EMAIL, "password": PASSWORD, "csrf_token": csrf},
                               {"Accept": "application/json"})
    assert status == 200, (status, data)
    name = next(k for k in client.cookies if k == "ory_kratos_session")
    return f"{name}={client.cookies[name]}"


def logins_per_second(public, clients, seconds=8.0):
    done, stop = [0] * clients, time.perf_counter() + seconds

    def run(i):
        while time.perf_counter() < stop:
            api_login(public)
            done[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.perf_counter() - t0)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


if shutil.which("wrk") is None:
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)

schema_url = "base64://" + base64.b64encode(json.dumps(SCHEMA).encode()).decode()
with tempfile.TemporaryDirectory(prefix="tessera-bench-") as tmp:
    dsn = f"sqlite://{tmp}/identity.sqlite?_fk=true"
    public, admin = free_port(), free_port()
    env = dict(os.environ, DSN=dsn, LOG_LEVEL="error", SECRETS_COOKIE='["bench-cookie-secret-0001"]',
               SERVE_PUBLIC_PORT=str(public), SERVE_ADMIN_PORT=str(admin), SERVE_PUBLIC_HOST="127.0.0.1", SERVE_ADMIN_HOST="127.0.0.1",
               SERVE_PUBLIC_BASE_URL=f"http://127.0.0.1:{public}/", HASHERS_ALGORITHM="bcrypt", HASHERS_BCRYPT_COST="12",
               IDENTITY_SCHEMAS=json.dumps([{"id": "default", "url": schema_url}]),
               SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_ENABLED="false")
    subprocess.run([binary, "migrate", "sql", dsn, "--service", "identity", "--yes"], check=True, env=env, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([binary, "serve", "identity"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_ready([public, admin], proc=server)
        status, data = request(admin, "POST", "/admin/identities", {
            "schema_id": "default", "traits": {"email": EMAIL},
            "credentials": {"password": {"config": {"password": PASSWORD}}}})
        assert status == 201, (status, data)
        token, _ = api_login(public)
        cookie = browser_login(public)
        alive = wrk(f"http://127.0.0.1:{public}/health/alive", {})
        by_token = wrk(f"http://127.0.0.1:{public}/sessions/whoami", {"X-Session-Token": token})
        by_cookie = wrk(f"http://127.0.0.1:{public}/sessions/whoami", {"Cookie": cookie})

        before_sum, before_count = verify_histogram(admin)
        login_times = [api_login(public)[1] for _ in range(logins)]
        after_sum, after_count = verify_histogram(admin)
        verify_mean = (after_sum - before_sum) / max(1.0, after_count - before_count)
        per_second = {n: logins_per_second(public, n) for n in (2, 4)}
    finally:
        server.terminate()
        server.wait(timeout=15)

    ready_times, rss = [], None
    for i in range(5):
        ports = {name: free_port() for name in ("OAUTH2_SERVE_PUBLIC_PORT", "OAUTH2_SERVE_ADMIN_PORT", "IDENTITY_SERVE_PUBLIC_PORT",
                                                 "IDENTITY_SERVE_ADMIN_PORT", "PROXY_SERVE_PROXY_PORT", "PROXY_SERVE_API_PORT")}
        all_env = dict(os.environ, LOG_LEVEL="error", **{k: str(v) for k, v in ports.items()})
        all_env.pop("DSN", None)
        t0 = time.perf_counter()
        proc = subprocess.Popen([binary, "serve", "all", "--dev"], env=all_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            # The proxy is not ready without access rules (as Oathkeeper): alive is its "up".
            wait_ready([ports["OAUTH2_SERVE_ADMIN_PORT"], ports["IDENTITY_SERVE_ADMIN_PORT"], (ports["PROXY_SERVE_API_PORT"], "/health/alive")], proc=proc)
            ready_times.append(time.perf_counter() - t0)
            if i == 4:
                time.sleep(2.0)
                rss = rss_kib(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=15)

print(f"wrk -t2 -c32 -d{duration}, serve identity on a SQLite file DSN")
print(f"  GET /health/alive                {alive[0]:10.0f} req/s  p50 {alive[2]:>8}  p99 {alive[3]:>8}  non-2xx {alive[1]}")
print(f"  GET /sessions/whoami (token)     {by_token[0]:10.0f} req/s  p50 {by_token[2]:>8}  p99 {by_token[3]:>8}  non-2xx {by_token[1]}  ratio {by_token[0] / alive[0]:.3f} (target >= 0.50)")
print(f"  GET /sessions/whoami (cookie)    {by_cookie[0]:10.0f} req/s  p50 {by_cookie[2]:>8}  p99 {by_cookie[3]:>8}  non-2xx {by_cookie[1]}  ratio {by_cookie[0] / alive[0]:.3f}")
login_median = statistics.median(login_times)
print(f"password login, bcrypt cost 12, {logins} sequential API logins")
print(f"  login (POST /self-service/login) median {login_median * 1000:.1f} ms (min {min(login_times) * 1000:.1f}, max {max(login_times) * 1000:.1f})")
print(f"  bcrypt verify in the server (same process) mean {verify_mean * 1000:.1f} ms; login/verify = {login_median / verify_mean:.3f} (target <= 1.10)")
print(f"  logins/s: {per_second[2]:.1f} with 2 clients, {per_second[4]:.1f} with 4 clients (2 cores)")
print(f"serve all --dev (memory DSN): start to ready {statistics.median(ready_times) * 1000:.1f} ms median of 5 "
      f"(min {min(ready_times) * 1000:.1f}) (target < 100 ms); idle RSS {rss / 1024:.1f} MiB (target < 80 MB)")
