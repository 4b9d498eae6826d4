#!/usr/bin/env bash
# Runs every test: installs what is missing (PostgreSQL 15, MariaDB, nginx, openssl, npm packages), builds, runs the
# .NET test projects (their fixtures start PostgreSQL and MariaDB in temp folders), the AOT
# publish gate, and the end-to-end suite against the published binary.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need_apt=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || need_apt+=(postgresql-15)
command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || need_apt+=(mariadb-server)
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # Debian's packages start their own servers; the tests start private ones instead.
  service mariadb stop >/dev/null 2>&1 || true
  service postgresql stop >/dev/null 2>&1 || true
  service nginx stop >/dev/null 2>&1 || true
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
dotnet build Tessera.slnx -c Release -nologo -v q
dotnet test Tessera.slnx -c Release --no-build -nologo \
  --logger "trx;LogFilePrefix=run" --results-directory "$results" || status=1

build/aot-publish.sh || status=1

e2e_log="$results/e2e.log"
if [ -f test/e2e/package.json ]; then
  if ! (cd test/e2e && npm ci --no-audit --no-fund --silent && TESSERA_BIN="$root/artifacts/aot/tessera" npm test --silent) 2>&1 | tee "$e2e_log"; then
    status=1
  fi
fi

# One plain closing line for whoever reads the log: .NET and end-to-end tests together.
python3 - "$results" "$e2e_log" <<'PY'
import sys, glob, re, os
passed = failed = skipped = 0
if os.path.exists(sys.argv[2]):
    log = open(sys.argv[2], encoding="utf-8").read()
    for key, name in (("pass", "passed"), ("fail", "failed"), ("skipped", "skipped")):
        m = re.search(r"^# %s (\d+)$" % key, log, re.M)
        if m:
            n = int(m.group(1))
            if key == "pass": passed += n
            elif key == "fail": failed += n
            else: skipped += n
for f in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(f, encoding="utf-8").read()
    m = re.search(r'<Counters [^>]*>', text)
    if not m: continue
    attrs = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
    passed += int(attrs.get("passed", 0)); failed += int(attrs.get("failed", 0))
    skipped += int(attrs.get("notExecuted", 0))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
