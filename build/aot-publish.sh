#!/usr/bin/env bash
# Publishes the Native AOT binary and fails on any trim/AOT (IL2xxx/IL3xxx) warning.
# Prints the binary's size and fails above the cap (40 MiB, from the platform issue).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${AOT_OUT:-artifacts/aot}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if ! dotnet publish src/Tessera -c Release -r linux-x64 -p:PublishAot=true -o "$out" \
    -p:SourceRevisionId="$commit" -p:BuildTime="$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$log" 2>&1; then
  cat "$log" >&2
  echo "aot-publish: publish failed" >&2
  exit 1
fi
if grep -Eq "warning IL[23][0-9]{3}" "$log"; then
  echo "aot-publish: trim/AOT warnings found:" >&2
  grep -E "warning IL[23][0-9]{3}" "$log" | sort -u >&2
  exit 1
fi
size=$(stat -c %s "$out/tessera")
echo "aot-publish: $out/tessera is $size bytes ($((size / 1024 / 1024)) MiB), zero IL warnings"
if [ "$size" -gt $((40 * 1024 * 1024)) ]; then
  echo "aot-publish: binary exceeds the 40 MiB cap" >&2
  exit 1
fi
"$out/tessera" version
