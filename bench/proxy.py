#!/usr/bin/env python3
"""Proxy figures for the AOT binary, side by side with nginx, in one run.

Usage: bench/proxy.py [path/to/tessera]   (default: artifacts/aot/tessera; build/aot-publish.sh makes it)

A local nginx answers a small JSON body (the upstream). wrk (2 threads, 32 connections, BENCH_DURATION
each, default 10s) then loads:
  (a) the upstream directly,
  (b) nginx reverse-proxying to it (Debian's nginx, worker_processes auto, upstream keep-alive),
  (c) `tessera serve proxy` forwarding to it with an anonymous + allow + header rule,
  (d) the decisions API (port 4456) for the same rule,
  (r) the same binary's /health/alive on the API port, the reference for (d),
  (e) (c) with oauth2_introspection against `tessera serve oauth2` (cache on), when BENCH_SKIP_OAUTH2 is unset.
Targets: (c) >= 0.80 x (b) throughput; p99 of (c) minus p99 of (a) under 1 ms; (d) >= 0.50 x (r).
Rule lookup at 10, 1,000 and 10,000 rules: `dotnet run -c Release --project bench/ProxyRules`.
BENCH_HOLD=1 sets everything up, prints the ports and the proxy's pid, and waits (for perf).
Needs nginx (apt-get install nginx) and wrk (installed when missing).
"""
import json, os, subprocess, sys, tempfile, urllib.request, urllib.parse, base64

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchkit import ensure_wrk, free_port, get, wait_status, wrk  # noqa: E402

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "artifacts/aot/tessera")
duration = os.environ.get("BENCH_DURATION", "10s")
nginx_bin = "/usr/sbin/nginx"


def start_nginx(folder, name, server_block):
    prefix = os.path.join(folder, name)
    os.makedirs(os.path.join(prefix, "logs"), exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""{user}
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log error;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi; uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
  {server_block}
}}
""")
    return subprocess.Popen([nginx_bin, "-p", prefix, "-c", conf, "-g", "daemon off;"], stderr=subprocess.PIPE)


def start_tessera(args, env):
    return subprocess.Popen([binary] + args, env=dict(os.environ, LOG_LEVEL="error", **env),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def rule(rule_id, path, upstream, authenticator):
    return {
        "id": rule_id,
        "match": {"url": f"http://<[^/]+>{path}<.*>", "methods": ["GET"]},
        "upstream": {"url": upstream},
        "authenticators": [{"handler": authenticator}],
        "authorizer": {"handler": "allow"},
        "mutators": [{"handler": "header"}],
    }


def post_form(url, fields, auth=None):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST")
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def post_json(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def oauth2_token(folder, processes):
    """Starts tessera serve oauth2 and returns (introspection URL, an access token)."""
    public, admin = free_port(), free_port()
    dsn = f"sqlite://{folder}/oauth2.sqlite?_fk=true"
    env = {"DSN": dsn, "SECRETS_SYSTEM": "bench-secret-bench-secret-0001", "URLS_SELF_ISSUER": f"http://127.0.0.1:{public}",
           "SERVE_PUBLIC_PORT": str(public), "SERVE_ADMIN_PORT": str(admin),
           "SERVE_PUBLIC_HOST": "127.0.0.1", "SERVE_ADMIN_HOST": "127.0.0.1"}
    subprocess.run([binary, "migrate", "sql", dsn, "--yes"], check=True, env=dict(os.environ, **env), stdout=subprocess.DEVNULL)
    proc = start_tessera(["serve", "oauth2", "--dangerous-force-http"], env)
    processes.append(proc)
    wait_status(admin, "/health/ready", proc=proc)
    client = post_json(f"http://127.0.0.1:{admin}/admin/clients",
                       {"grant_types": ["client_credentials"], "scope": "read", "token_endpoint_auth_method": "client_secret_basic"})
    token = post_form(f"http://127.0.0.1:{public}/oauth2/token", {"grant_type": "client_credentials", "scope": "read"},
                      auth=f"{client['client_id']}:{client['client_secret']}")
    return f"http://127.0.0.1:{admin}/admin/oauth2/introspect", token["access_token"]


def main():
    ensure_wrk()
    if not os.path.exists(nginx_bin):
        raise SystemExit("bench/proxy.py needs nginx: apt-get install nginx")
    processes = []
    with tempfile.TemporaryDirectory(prefix="tessera-bench-proxy-") as folder:
        try:
            upstream_port, nginx_port, proxy_port, api_port = free_port(), free_port(), free_port(), free_port()
            upstream = f"http://127.0.0.1:{upstream_port}"
            processes.append(start_nginx(folder, "upstream", f"""server {{ listen 127.0.0.1:{upstream_port};
    location / {{ default_type application/json; return 200 '{{"status":"ok","items":[1,2,3]}}'; }} }}"""))
            processes.append(start_nginx(folder, "reverse", f"""upstream app {{ server 127.0.0.1:{upstream_port}; keepalive 64; }}
  server {{ listen 127.0.0.1:{nginx_port};
    location / {{ proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; }} }}"""))

            introspection = None
            rules = [rule("bench", "/bench/", upstream, "anonymous")]
            if not os.environ.get("BENCH_SKIP_OAUTH2"):
                introspection = oauth2_token(folder, processes)
                rules.append(rule("bench-introspected", "/introspected/", upstream, "oauth2_introspection"))
            rules_file = os.path.join(folder, "rules.json")
            with open(rules_file, "w") as f:
                json.dump(rules, f)
            config = {
                "access_rules": {"repositories": [f"file://{rules_file}"]},
                "authenticators": {"anonymous": {"enabled": True}},
                "authorizers": {"allow": {"enabled": True}},
                "mutators": {"header": {"enabled": True, "config": {"headers": {"X-User": "{{ print .Subject }}"}}}},
            }
            if introspection:
                config["authenticators"]["oauth2_introspection"] = {"enabled": True, "config": {
                    "introspection_url": introspection[0], "cache": {"enabled": True, "ttl": "60s"}}}
            config_file = os.path.join(folder, "proxy.json")
            with open(config_file, "w") as f:
                json.dump(config, f)
            proxy = start_tessera(["serve", "proxy", "-c", config_file], {
                "SERVE_PROXY_PORT": str(proxy_port), "SERVE_PROXY_HOST": "127.0.0.1",
                "SERVE_API_PORT": str(api_port), "SERVE_API_HOST": "127.0.0.1"})
            processes.append(proxy)
            for port in (upstream_port, nginx_port):
                wait_status(port, "/bench/x")
            wait_status(api_port, "/health/ready", proc=proxy)
            wait_status(proxy_port, "/bench/x", proc=proxy)
            if os.environ.get("BENCH_HOLD"):
                # For profiling: keep everything running until interrupted.
                print(f"holding: upstream {upstream_port}, nginx {nginx_port}, proxy {proxy_port} (pid {proxy.pid}), api {api_port}", flush=True)
                proxy.wait()

            runs = [
                ("(a) upstream (nginx) directly", f"{upstream}/bench/x", {}),
                ("(b) nginx reverse proxy", f"http://127.0.0.1:{nginx_port}/bench/x", {}),
                ("(c) tessera proxy, anonymous+allow+header", f"http://127.0.0.1:{proxy_port}/bench/x", {}),
                ("(d) tessera /decisions, same rule", f"http://127.0.0.1:{api_port}/decisions/bench/x", {}),
                ("(r) tessera /health/alive (api port)", f"http://127.0.0.1:{api_port}/health/alive", {}),
            ]
            if introspection:
                status, _ = get(proxy_port, "/introspected/x", {"Authorization": f"Bearer {introspection[1]}"})
                if status != 200:
                    raise SystemExit(f"the introspected rule answered {status}, not 200")
                runs.append(("(e) tessera proxy, oauth2_introspection (cached)", f"http://127.0.0.1:{proxy_port}/introspected/x",
                             {"Authorization": f"Bearer {introspection[1]}"}))
            figures = {}
            print(f"wrk -t2 -c32 -d{duration}; upstream: nginx answering a 35-byte JSON body")
            for name, url, headers in runs:
                rps, p50, p99, failed = wrk(url, duration, headers=headers)
                figures[name[:3]] = (rps, p99)
                print(f"  {name:<50} {rps:>9.0f} req/s  p50 {p50:7.3f} ms  p99 {p99:7.3f} ms  failed {failed}")
            a, b, c, d, r = (figures[k] for k in ("(a)", "(b)", "(c)", "(d)", "(r)"))
            print(f"(c)/(b) throughput   {c[0] / b[0]:.2f}   (target >= 0.80)")
            print(f"(c)-(a) p99          {c[1] - a[1]:.3f} ms   (target < 1 ms)")
            print(f"(d)/(r) throughput   {d[0] / r[0]:.2f}   (target >= 0.50)")
            if "(e)" in figures:
                print(f"(e)/(c) throughput   {figures['(e)'][0] / c[0]:.2f}")
        finally:
            for proc in processes:
                proc.terminate()
            for proc in processes:
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()


main()
