#!/usr/bin/env bash
# Runs every test: installs what is missing (MariaDB, wrk, npm packages), builds, runs the
# .NET test projects (their fixtures start PostgreSQL and MariaDB in temp folders), the AOT
# publish gate, and the end-to-end suite against the published binary.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need_apt=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || need_apt+=(postgresql-15)
command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || need_apt+=(mariadb-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # Debian's packages start their own servers; the tests start private ones instead.
  service mariadb stop >/dev/null 2>&1 || true
  service postgresql stop >/dev/null 2>&1 || true
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
dotnet build Tessera.slnx -c Release -nologo -v q
dotnet test Tessera.slnx -c Release --no-build -nologo \
  --logger "trx;LogFilePrefix=run" --results-directory "$results" || status=1

build/aot-publish.sh || status=1

if [ -f test/e2e/package.json ]; then
  (cd test/e2e && npm ci --no-audit --no-fund --silent && TESSERA_BIN="$root/artifacts/aot/tessera" node --test) || status=1
fi

# One plain closing line for whoever reads the log.
python3 - "$results" <<'PY'
import sys, glob, re
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(f, encoding="utf-8").read()
    m = re.search(r'<Counters [^>]*>', text)
    if not m: continue
    attrs = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
    passed += int(attrs.get("passed", 0)); failed += int(attrs.get("failed", 0))
    skipped += int(attrs.get("notExecuted", 0))
print(f"dotnet: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
