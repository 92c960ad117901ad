#!/usr/bin/env bash
# Requests per second through proxyserver with naxsi's core rules on vs off, on benign traffic
# (wrk on loopback, a real nginx as the backend). Both runs use the same config; only
# SecRulesEnabled/SecRulesDisabled differ, so the ratio is the cost of the WAF check itself.
# Besides req/s (which a busy machine makes noisy) it reports the proxy's own CPU time per
# request (utime+stime from /proc), which contention from other processes barely moves.
#
#   bench/waf/run.sh [duration_seconds] [connections] [rounds]
#   LIBINJECTION=1 bench/waf/run.sh ...   # WAF on = core rules + LibInjectionSql/LibInjectionXss
#
# Needs: dotnet, nginx, wrk; naxsi_core.rules in ../shared/waf beside the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
connections=${2:-32}
rounds=${3:-3}
# ../shared/waf beside the repository (a worktree may sit one level deeper), or $NAXSI_CORE_RULES.
rules=${NAXSI_CORE_RULES:-}
for up in .. ../..; do
    [ -z "$rules" ] && [ -f "$up/shared/waf/naxsi_core.rules" ] && rules=$(cd "$up/shared/waf" && pwd)/naxsi_core.rules
done
[ -n "$rules" ] || { echo "naxsi_core.rules not found in ../shared/waf (see shared/waf/SOURCES.md)" >&2; exit 1; }

dotnet build src/Cli -c Release -o bench/waf/bin -v q -nologo >/dev/null
work=$(mktemp -d /tmp/wafbench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 200); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 not listening" >&2; exit 1; }

backend_port=$(free_port)
mkdir -p "$work/backend"
cat > "$work/backend/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1; pid $work/backend/nginx.pid;
error_log $work/backend/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/backend/body; proxy_temp_path $work/backend/proxy;
    fastcgi_temp_path $work/backend/fcgi; uwsgi_temp_path $work/backend/uwsgi; scgi_temp_path $work/backend/scgi;
    server { listen 127.0.0.1:$backend_port; location / { return 200 "ok\n"; } }
}
CONF
/usr/sbin/nginx -p "$work/backend/" -c "$work/backend/nginx.conf" &
pids+=($!)
wait_port "$backend_port"

# One proxyserver per mode, started once; rounds alternate between them to share the noise.
declare -A port proc
for mode in on off; do
    switch=$([ "$mode" = on ] && echo SecRulesEnabled || echo SecRulesDisabled)
    libinjection=""
    if [ "${LIBINJECTION:-0}" = 1 ]; then
        libinjection='LibInjectionSql; LibInjectionXss; CheckRule "$LIBINJECTION_SQL >= 1" BLOCK; CheckRule "$LIBINJECTION_XSS >= 1" BLOCK;'
    fi
    port[$mode]=$(free_port)
    mkdir -p "$work/$mode/logs"
    cat > "$work/$mode/nginx.conf" <<CONF
pid $work/$mode/nginx.pid;
error_log $work/$mode/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    include $rules;
    server {
        listen 127.0.0.1:${port[$mode]};
        location / {
            $switch;
            DeniedUrl "/RequestDenied";
            CheckRule "\$SQL >= 8" BLOCK; CheckRule "\$RFI >= 8" BLOCK; CheckRule "\$TRAVERSAL >= 5" BLOCK;
            CheckRule "\$UPLOAD >= 5" BLOCK; CheckRule "\$XSS >= 8" BLOCK; CheckRule "\$EVADE >= 8" BLOCK;
            $libinjection
            proxy_pass http://127.0.0.1:$backend_port;
        }
        location /RequestDenied { internal; return 403; }
    }
}
CONF
    dotnet bench/waf/bin/proxyserver.dll -p "$work/$mode/" -c nginx.conf -e error.log &
    pids+=($!)
    proc[$mode]=$!
    wait_port "${port[$mode]}"
done

# Benign: a page with a query and the headers a browser sends (the Cookie header is checked too).
target='/products/list?page=2&sort=price&q=blue+shoes'
headers=(-H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36'
         -H 'Accept: text/html,application/xhtml+xml' -H 'Accept-Language: en-US,en;q=0.9'
         -H 'Cookie: session=0123456789abcdef; theme=dark')
for mode in on off; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "${headers[@]}" "http://127.0.0.1:${port[$mode]}$target")" = 200 ] || { echo "WAF $mode: benign request not passed" >&2; exit 1; }
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[on]}/?a=<script>")" = 403 ] || { echo "WAF on: attack not blocked" >&2; exit 1; }
if [ "${LIBINJECTION:-0}" = 1 ]; then
    # Only libinjection sees this one (no quote, comma or keyword the core rules score).
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[on]}/?id=1%20OR%201=1")" = 403 ] || { echo "WAF on: libinjection not active" >&2; exit 1; }
fi

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)
declare -A total=([on]=0 [off]=0) cpu=([on]=0 [off]=0) requests=([on]=0 [off]=0)
for round in $(seq 1 "$rounds"); do
    for mode in off on; do
        wrk -t2 -c"$connections" -d2s "${headers[@]}" "http://127.0.0.1:${port[$mode]}$target" >/dev/null   # warm-up
        before=$(cpu_ticks "${proc[$mode]}")
        out=$(wrk -t2 -c"$connections" -d"${duration}s" "${headers[@]}" "http://127.0.0.1:${port[$mode]}$target")
        after=$(cpu_ticks "${proc[$mode]}")
        rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
        count=$(awk '/requests in/ {print $1}' <<<"$out")
        us=$(echo "($after - $before) * 1000000 / $ticks_per_second / $count" | bc -l)
        printf 'round %s  WAF %-3s: %8.0f req/s  %6.1f us CPU/request\n' "$round" "$mode" "$rps" "$us"
        total[$mode]=$(echo "${total[$mode]} + $rps" | bc -l)
        cpu[$mode]=$(echo "${cpu[$mode]} + $after - $before" | bc -l)
        requests[$mode]=$(echo "${requests[$mode]} + $count" | bc -l)
    done
done
on=$(echo "${total[on]} / $rounds" | bc -l)
off=$(echo "${total[off]} / $rounds" | bc -l)
cpu_on=$(echo "${cpu[on]} * 1000000 / $ticks_per_second / ${requests[on]}" | bc -l)
cpu_off=$(echo "${cpu[off]} * 1000000 / $ticks_per_second / ${requests[off]}" | bc -l)
printf 'req/s:   WAF off %.0f, WAF on %.0f, on/off = %.3f\n' "$off" "$on" "$(echo "$on / $off" | bc -l)"
printf 'CPU/req: WAF off %.1f us, WAF on %.1f us: the WAF costs %.1f%% of the proxy CPU per request\n' \
    "$cpu_off" "$cpu_on" "$(echo "($cpu_on - $cpu_off) * 100 / $cpu_on" | bc -l)"
