"""Pieces every bench script needs: free ports, waiting for a URL, wrk runs and their figures."""
import http.client, re, shutil, socket, subprocess, time

LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, headers=None, timeout=5):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_status(port, path, status=200, deadline=20.0, proc=None):
    end = time.perf_counter() + deadline
    while True:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"the server on port {port} exited before {path} answered {status}")
        try:
            if get(port, path, timeout=0.5)[0] == status:
                return
        except OSError:
            pass
        if time.perf_counter() > end:
            raise SystemExit(f"port {port} did not answer {status} on {path}")
        time.sleep(0.002)


def ensure_wrk():
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * LATENCY_UNITS[unit]


def wrk(url, duration="10s", connections=32, headers=None):
    """Runs wrk -t2 and returns (requests/s, p50 ms, p99 ms, non-2xx/3xx count)."""
    args = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency"]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(args + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = milliseconds(re.search(r"50%\s+([\d.]+\w+)", out).group(1))
    p99 = milliseconds(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = (int(bad.group(1)) if bad else 0) + (sum(int(g) for g in errors.groups()) if errors else 0)
    return rps, p50, p99, failed
