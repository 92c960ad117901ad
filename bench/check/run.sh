#!/usr/bin/env bash
# `proxyserver check` against `nginx -t` on generated configs of 100, 1,000 and 10,000 server blocks
# (each with an upstream and four locations), timed in the same run by hyperfine.
#   bench/check/run.sh            # RUNS=5 SIZES="100 1000 10000" OUT=/tmp/... to override
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${OUT:-$(mktemp -d /tmp/bench-check.XXXXXX)}
sizes=${SIZES:-"100 1000 10000"}
runs=${RUNS:-5}

dotnet build -c Release "$root/src/Cli" -o "$out/bin" >/dev/null
python3 "$here/generate.py" "$out" $sizes
for n in $sizes; do
  ls -l "$out/$n/nginx.conf" | awk -v n="$n" '{ printf "%s servers: %.1f MB\n", n, $5 / 1048576 }'
  hyperfine --warmup 1 --runs "$runs" --export-markdown "$out/check-$n.md" \
    -n "nginx -t ($n servers)" "nginx -t -q -p $out/$n/ -c $out/$n/nginx.conf -e /dev/null" \
    -n "proxyserver -t ($n servers)" "dotnet $out/bin/proxyserver.dll -t -q -p $out/$n/ -c $out/$n/nginx.conf" \
    -n "proxyserver check ($n servers)" "dotnet $out/bin/proxyserver.dll check $out/$n/nginx.conf"
done
cat "$out"/check-*.md
