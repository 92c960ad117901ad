#!/usr/bin/env bash
# How fast proxyserver reaches its steady speed after it starts (issue #8): .NET compiles the hot
# path a second time, optimised, only after it has run a while, and until then a request costs
# several times more. Starts a backend (nginx `return 200`) and proxyserver on the small scenario's
# config (proxy pinned to core 0, wrk and backend to core 1), then runs wrk -t1 -c50 for WINDOWS
# consecutive windows of WINDOW_SECONDS each and prints, per window, "krps/µs-per-request".
#
#   bench/perf/warmup.sh [--binary PATH] [NAME=VALUE...]
#     NAME=VALUE   environment for proxyserver only, e.g. DOTNET_TC_CallCountingDelayMs=100
#                  (the runtime's default, which src/Cli/Cli.csproj lowers to 10) or DOTNET_TieredPGO=0
#   Environment: WINDOWS (10), WINDOW_SECONDS (4), and --binary as in run.sh (default: bench/perf/bin,
#     published by run.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=$here/bin/proxyserver.dll
if [ "${1:-}" = --binary ]; then binary=$2; shift 2; fi
[ -e "$binary" ] || { echo "warmup: no proxyserver at $binary (run bench/perf/run.sh --smoke small once to publish it)" >&2; exit 1; }
case $binary in *.dll) ours=(dotnet "$binary") ;; *) ours=("$binary") ;; esac

work=$(mktemp -d /tmp/perfwarmup.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
backend=$(free_port); proxy=$(free_port)
temp_paths() { echo "client_body_temp_path $1/body; proxy_temp_path $1/proxy; fastcgi_temp_path $1/fcgi; uwsgi_temp_path $1/uwsgi; scgi_temp_path $1/scgi;"; }
mkdir -p "$work/backend" "$work/proxy"
cat > "$work/backend/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1; pid $work/backend/nginx.pid; error_log $work/backend/error.log;
events { worker_connections 8192; }
http { access_log off; keepalive_requests 1000000; keepalive_timeout 300s; $(temp_paths "$work/backend")
    server { listen 127.0.0.1:$backend; location / { return 200 "ok\n"; } } }
CONF
cat > "$work/proxy/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1; pid $work/proxy/nginx.pid; error_log $work/proxy/error.log error;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; keepalive_timeout 300s; $(temp_paths "$work/proxy")
    proxy_http_version 1.1; proxy_set_header Connection "";
    upstream backend { server 127.0.0.1:$backend; keepalive 1024; }
    server { listen 127.0.0.1:$proxy; location / { proxy_pass http://backend; } } }
CONF
taskset -c 1 /usr/sbin/nginx -p "$work/backend/" -c "$work/backend/nginx.conf" & pids+=($!)
env "$@" taskset -c 0 "${ours[@]}" -p "$work/proxy/" -c "$work/proxy/nginx.conf" -e "$work/proxy/error.log" > "$work/proxy/output.log" 2>&1 &
pid=$!; pids+=($pid)
for _ in $(seq 200); do curl -sf -o /dev/null "http://127.0.0.1:$proxy/" && break; sleep 0.05; done
cpu_ticks() { local stat; stat=$(<"/proc/$1/stat"); stat=${stat##*) }; awk '{print $12 + $13}' <<<"$stat"; }
hz=$(getconf CLK_TCK)
line=""
window=${WINDOW_SECONDS:-4}
for _ in $(seq "${WINDOWS:-10}"); do
    before=$(cpu_ticks "$pid")
    out=$(taskset -c 1 wrk -t1 -c50 -d"${window}s" "http://127.0.0.1:$proxy/small")
    after=$(cpu_ticks "$pid")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    line+="$(awk -v n="$requests" -v t=$((after - before)) -v hz="$hz" -v s="$window" 'BEGIN { printf "%.0fk/%.0fµs", n / s / 1000, t * 1e6 / hz / n }') "
done
echo "${line% } ${*:-(defaults)}"
