#!/usr/bin/env bash
# proxyserver vs nginx 1.22 as reverse proxies, side by side on the same config (issue #8), and
# vs a minimal plain YARP app (bench/perf/PlainYarp: Kestrel, routes from appsettings.json), the
# floor our engine must not fall below.
#
# A fast backend (nginx: `return 200`, a 1 MB static file) and wrk share one core; the proxy under
# test (1 worker, logs off, upstream keepalive) has the other to itself. For each scenario the
# proxies are started on the same generated config (plain YARP on the equivalent appsettings.json:
# one catch-all route to the backend; its default HttpClient keeps upstream connections alive), runs
# alternate nginx, ours, yarp, nginx, ours, yarp..., and the medians are printed as a markdown
# table with ours/nginx and ours/yarp ratios:
#   rps, p50/p99 latency (wrk --latency), the proxy's CPU µs per request (utime+stime deltas from
#   /proc/PID/stat over the run / requests), peak RSS under load, and the time from starting the
#   process to its first proxied 200.
#
#   bench/perf/run.sh [--smoke] [--binary PATH] [--no-yarp] [SCENARIO...]
#     scenarios: small large post vhosts regex hash waf-off waf-on limits gzip cache-1k cache-1m (default: all);
#                  cache-*: proxy_cache HITs of a 1 KB and a 1 MB entry (the first request fills it); plain YARP runs
#                  in small, large and post only (the others need nginx features it does not have)
#     --smoke      every scenario once for ~1 s, no warm-up (CI: proves the harness works; no
#                  timing is asserted, but a proxy that answers anything but 2xx fails the run)
#     --binary P   proxyserver to test (a proxyserver.dll or an executable) instead of publishing
#                  src/Cli in Release with ReadyToRun into bench/perf/bin
#     --no-yarp    leave plain YARP out (also YARP=0); otherwise bench/perf/PlainYarp is published
#                  (Release, ReadyToRun) into bench/perf/yarp-bin whenever its sources changed
#   Environment: DURATION (s per run, 10), ROUNDS (3), WARMUP (s before each run, 2),
#     FIRST_WARMUP (s of load on each freshly started proxy before its first run, 20: .NET's
#     tiered JIT reaches its optimised code only after some seconds of traffic),
#     CONNECTIONS (50), VHOSTS (10000), REGEXES (1000), PEERS (1000), PROXY_CPU (0), LOAD_CPU (1),
#     NAXSI_CORE_RULES (default ../shared/waf/naxsi_core.rules, else a small built-in rule set),
#     KEEP=1 keeps the work directory (configs, logs, raw wrk output).
#
# Needs: dotnet (unless --binary), nginx, wrk, taskset, python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

smoke=0
binary=${BINARY:-}
yarp=${YARP:-1}
scenarios=()
while [ $# -gt 0 ]; do
    case $1 in
        --smoke) smoke=1 ;;
        --binary) binary=$2; shift ;;
        --no-yarp) yarp=0 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) scenarios+=("$1") ;;
    esac
    shift
done
all_scenarios=(small large post vhosts regex hash waf-off waf-on limits gzip cache-1k cache-1m)
yarp_scenarios=(small large post)
[ ${#scenarios[@]} -gt 0 ] || scenarios=("${all_scenarios[@]}")
for s in "${scenarios[@]}"; do
    [[ " ${all_scenarios[*]} " == *" $s "* ]] || { echo "unknown scenario $s (known: ${all_scenarios[*]})" >&2; exit 2; }
done

if [ $smoke = 1 ]; then duration=${DURATION:-1}; rounds=1; warmup=0; first_warmup=0
else duration=${DURATION:-10}; rounds=${ROUNDS:-3}; warmup=${WARMUP:-2}; first_warmup=${FIRST_WARMUP:-20}; fi
connections=${CONNECTIONS:-50}
vhosts=${VHOSTS:-10000}
regexes=${REGEXES:-1000}
peers=${PEERS:-1000}
proxy_cpu=${PROXY_CPU:-0}
load_cpu=${LOAD_CPU:-1}
[ "$(nproc)" -ge 2 ] || { proxy_cpu=0; load_cpu=0; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work=$(mktemp -d /tmp/perfbench.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() { echo "perf: $*" >&2; exit 1; }

# yarp_runs SCENARIO: whether plain YARP takes part in that scenario.
yarp_runs() { [ "$yarp" != 0 ] && [[ " ${yarp_scenarios[*]} " == *" $1 "* ]]; }

# Published as it would be deployed: Release, ReadyToRun (precompiled: starts ~30% sooner).
case $(uname -m) in aarch64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
publish() { dotnet publish "$1" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$2" -v q -nologo >/dev/null; }
if [ -z "$binary" ]; then
    publish "$root/src/Cli" "$here/bin" || fail "build failed"
    binary=$here/bin/proxyserver.dll
fi
[ -e "$binary" ] || fail "no proxyserver at $binary"
case $binary in *.dll) ours=(dotnet "$binary") ;; *) ours=("$binary") ;; esac

yarp_dll=$here/yarp-bin/PlainYarp.dll
wants_yarp=0
for s in "${scenarios[@]}"; do yarp_runs "$s" && wants_yarp=1; done
if [ $wants_yarp = 1 ]; then
    # Also with --binary (CI): the app is small, and republished only when its sources changed.
    if [ ! -e "$yarp_dll" ] || [ -n "$(find "$here/PlainYarp" "$root/Directory.Build.props" -newer "$yarp_dll" -type f \
            -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]; then
        publish "$here/PlainYarp" "$here/yarp-bin" || fail "build of bench/perf/PlainYarp failed"
        touch "$yarp_dll"
    fi
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 400); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; fail "port $1 not listening"; }
peer_address() { echo "127.0.$(($1 / 250 + 1)).$(($1 % 250 + 1))"; }   # peer i of the hash scenario, a loopback address of its own

# nginx's temp paths inside a work directory (nginx wants them writable; proxyserver accepts them).
temp_paths() { local d=$1; echo "client_body_temp_path $d/body; proxy_temp_path $d/proxy; fastcgi_temp_path $d/fcgi; uwsgi_temp_path $d/uwsgi; scgi_temp_path $d/scgi;"; }

# --- the backend: nginx on the load core; 127.0.0.1 plus one address per hash peer -------------
backend_port=$(free_port)
mkdir -p "$work/backend/www"
head -c 1048576 /dev/zero | tr '\0' 'x' > "$work/backend/www/1m"
head -c 1024 /dev/zero | tr '\0' 'x' > "$work/backend/www/1k"
# gzip scenario: 100 KB of HTML-like text with words from a fixed pseudo-random draw (compresses ~3:1 at level 1).
python3 -c 'import random; r = random.Random(8); w = ["<p>", "</p>", "<div class=\"item\">", "</div>", "product", "price", "shoes", "blue", "order", "cart", "the", "and", "of", "a", "with"] + ["w%d" % i for i in range(400)]
out = []
n = 0
while n < 102400:
    t = r.choice(w) + (" " if r.random() < 0.8 else "\n"); out.append(t); n += len(t)
open("'"$work/backend/www/100k.html"'", "w").write("".join(out)[:102400])'
{
    echo "daemon off; master_process off; worker_processes 1; pid $work/backend/nginx.pid;"
    echo "error_log $work/backend/error.log;"
    echo "events { worker_connections 8192; }"
    echo "http {"
    echo "    access_log off; sendfile on; keepalive_requests 1000000; keepalive_timeout 300s;"
    echo "    $(temp_paths "$work/backend")"
    echo "    server {"
    echo "        listen 127.0.0.1:$backend_port;"
    if [[ " ${scenarios[*]} " == *" hash "* ]]; then
        for ((i = 0; i < peers; i++)); do echo "        listen $(peer_address $i):$backend_port;"; done
    fi
    echo "        root $work/backend/www;"
    echo "        location / { return 200 \"ok\\n\"; }"
    echo "        location = /1m { }"
    echo "        location = /1k { }"
    echo "        location = /100k.html { }"
    echo "        location = /post { client_max_body_size 10m; return 200 \"ok\\n\"; }"
    echo "    }"
    echo "}"
} > "$work/backend/nginx.conf"
taskset -c "$load_cpu" /usr/sbin/nginx -p "$work/backend/" -c "$work/backend/nginx.conf" 2>>"$work/backend/error.log" &
pids+=($!)
wait_port "$backend_port"

# --- WAF rules: naxsi's core rules beside the repository, else a few rules of the same shape ----
rules=${NAXSI_CORE_RULES:-}
for up in "$root/.." "$root/../.."; do
    [ -z "$rules" ] && [ -f "$up/shared/waf/naxsi_core.rules" ] && rules=$(cd "$up/shared/waf" && pwd)/naxsi_core.rules
done
if [ -z "$rules" ]; then
    rules=$work/naxsi_core.rules
    cat > "$rules" <<'RULES'
MainRule "rx:select|union|update|delete|insert|table|from|ascii|hex|unhex|drop|load_file|substr|group_concat|dumpfile" "msg:sql keywords" "mz:BODY|URL|ARGS|$HEADERS_VAR:Cookie" "s:$SQL:4" id:1000;
MainRule "str:\"" "msg:double quote" "mz:BODY|URL|ARGS|$HEADERS_VAR:Cookie" "s:$SQL:8,$XSS:8" id:1001;
MainRule "str:<" "msg:html open tag" "mz:ARGS|URL|BODY|$HEADERS_VAR:Cookie" "s:$XSS:8" id:1302;
MainRule "str:>" "msg:html close tag" "mz:ARGS|URL|BODY|$HEADERS_VAR:Cookie" "s:$XSS:8" id:1303;
MainRule "str:../" "msg:dir traversal" "mz:ARGS|URL|BODY|$HEADERS_VAR:Cookie" "s:$TRAVERSAL:4" id:1200;
RULES
fi

# --- scenarios: the proxy config (the same for both, naxsi lines for ours only) and the wrk load --
. "$here/yarp_conf.sh"   # yarp_conf DIR PORT: plain YARP's appsettings.json

# proxy_conf SCENARIO SIDE DIR PORT: writes DIR/nginx.conf.
proxy_conf() {
    local scenario=$1 side=$2 dir=$3 port=$4 i
    {
        echo "daemon off; master_process off; worker_processes 1; pid $dir/nginx.pid;"
        echo "error_log $dir/error.log error;"
        echo "events { worker_connections 4096; }"
        echo "http {"
        echo "    access_log off; keepalive_requests 1000000; keepalive_timeout 300s;"
        echo "    server_names_hash_max_size 65536; server_names_hash_bucket_size 128;"
        echo "    $(temp_paths "$dir")"
        echo "    proxy_http_version 1.1; proxy_set_header Connection \"\";"
        echo "    upstream backend { server 127.0.0.1:$backend_port; keepalive 1024; }"
        case $scenario in
            small|large|post)
                echo "    server { listen 127.0.0.1:$port; location / { proxy_pass http://backend; } }" ;;
            cache-1k|cache-1m)
                echo "    proxy_cache_path $dir/cache levels=1:2 keys_zone=bench:10m;"
                echo "    server { listen 127.0.0.1:$port; location / { proxy_pass http://backend; proxy_cache bench; proxy_cache_valid 200 1h; } }" ;;
            gzip)
                # The CPU of compressing a 100 KB response on the fly, at the same zlib level on both.
                echo "    server { listen 127.0.0.1:$port; gzip on; gzip_comp_level 1; location / { proxy_pass http://backend; } }" ;;
            vhosts|regex)
                # A default server that answers 404: a request that misses its virtual host fails the run.
                echo "    server { listen 127.0.0.1:$port default_server; return 404; }"
                for ((i = 0; i < ${scenario_count[$scenario]}; i++)); do
                    if [ "$scenario" = vhosts ]; then name="h$i.bench.test"; else name="~^r$i\\.bench\\.test\$"; fi
                    echo "    server { listen 127.0.0.1:$port; server_name $name; location / { proxy_pass http://backend; } }"
                done ;;
            hash)
                echo "    upstream ring {"
                echo "        hash \$request_uri consistent;"
                for ((i = 0; i < peers; i++)); do echo "        server $(peer_address $i):$backend_port;"; done
                echo "        keepalive 1024;"
                echo "    }"
                echo "    server { listen 127.0.0.1:$port; location / { proxy_pass http://ring; } }" ;;
            limits)
                # allow/deny and limit_req at a rate no load reaches: the cost of the checks, nothing refused.
                echo "    limit_req_zone \$binary_remote_addr zone=bench:10m rate=1000000r/s;"
                echo "    server {"
                echo "        listen 127.0.0.1:$port;"
                echo "        location / { allow 10.0.0.0/8; allow 127.0.0.1; deny all; limit_req zone=bench burst=1000 nodelay; proxy_pass http://backend; }"
                echo "    }" ;;
            waf-off|waf-on)
                # nginx 1.22 has no naxsi: it proxies the same traffic without a WAF.
                [ "$side" = ours ] && echo "    include $rules;"
                echo "    server {"
                echo "        listen 127.0.0.1:$port;"
                echo "        location / {"
                if [ "$side" = ours ]; then
                    [ "$scenario" = waf-on ] && echo "            SecRulesEnabled;" || echo "            SecRulesDisabled;"
                    echo "            DeniedUrl \"/RequestDenied\";"
                    echo "            CheckRule \"\$SQL >= 8\" BLOCK; CheckRule \"\$RFI >= 8\" BLOCK; CheckRule \"\$TRAVERSAL >= 5\" BLOCK;"
                    echo "            CheckRule \"\$UPLOAD >= 5\" BLOCK; CheckRule \"\$XSS >= 8\" BLOCK; CheckRule \"\$EVADE >= 8\" BLOCK;"
                fi
                echo "            proxy_pass http://backend;"
                echo "        }"
                echo "        location /RequestDenied { internal; return 403; }"
                echo "    }" ;;
        esac
        echo "}"
    } > "$dir/nginx.conf"
}
declare -A scenario_count=([vhosts]=$vhosts [regex]=$regexes)

# wrk_load SCENARIO: sets `target` (path), `probe_host` (a Host that must answer 200) and `load`
# (wrk arguments after the URL-independent options).
wrk_load() {
    probe_host=localhost
    case $1 in
        small|limits) target=/small; load=() ;;
        large) target=/1m; load=() ;;
        cache-1k) target=/1k; load=() ;;
        cache-1m) target=/1m; load=() ;;
        gzip) target=/100k.html; load=(-H 'Accept-Encoding: gzip') ;;
        post) target=/post; load=(-s "$here/lua/post.lua") ; load_args=(102400) ;;
        vhosts) target=/; probe_host="h$((vhosts - 1)).bench.test"; load=(-s "$here/lua/hosts.lua"); load_args=("$vhosts" h .bench.test) ;;
        regex) target=/; probe_host="r$((regexes - 1)).bench.test"; load=(-H "Host: $probe_host") ;;
        hash) target=/; load=(-s "$here/lua/uris.lua"); load_args=(4096) ;;
        waf-off|waf-on)
            target='/products/list?page=2&sort=price&q=blue+shoes'
            load=(-H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36'
                  -H 'Accept: text/html,application/xhtml+xml' -H 'Accept-Language: en-US,en;q=0.9'
                  -H 'Cookie: session=0123456789abcdef; theme=dark') ;;
    esac
}

cpu_ticks() { local stat; stat=$(<"/proc/$1/stat"); stat=${stat##*) }; awk '{print $12 + $13}' <<<"$stat"; }
ticks_per_second=$(getconf CLK_TCK)

# Peak VmRSS (kB) of PID, sampled every 200 ms while the file FLAG exists, printed at the end.
sample_rss() {
    local pid=$1 flag=$2 peak=0 key value rest
    while [ -e "$flag" ] && [ -e "/proc/$pid/status" ]; do
        while read -r key value rest; do
            [ "$key" = VmRSS: ] && [ "$value" -gt "$peak" ] && peak=$value
        done < "/proc/$pid/status"
        sleep 0.2
    done
    echo "$peak"
}

# measure SCENARIO SIDE PID PORT ROUND: one wrk run; appends a row to results.tsv.
measure() {
    local scenario=$1 side=$2 pid=$3 port=$4 round=$5 url out before after sampler
    url="http://127.0.0.1:$port$target"
    local args=(-t1 -c"$connections" "${load[@]}" "$url")
    [ ${#load_args[@]} -gt 0 ] && args+=(-- "${load_args[@]}")
    local seconds=$warmup
    [ "$round" = 1 ] && seconds=$((warmup + first_warmup))
    if [ "$seconds" != 0 ]; then taskset -c "$load_cpu" wrk -d"${seconds}s" "${args[@]}" >/dev/null; fi
    touch "$work/sampling"
    sample_rss "$pid" "$work/sampling" > "$work/rss" & sampler=$!
    before=$(cpu_ticks "$pid")
    out=$(taskset -c "$load_cpu" wrk -d"${duration}s" --latency "${args[@]}")
    # The smoke pass has no warm-up: on a loaded CI machine a cold 1 MB cache MISS can outlast
    # its 1 s, so a round that completed nothing gets one longer try before it counts as a failure.
    if [ $smoke = 1 ] && [ "$(awk '/requests in/ {print $1}' <<<"$out")" = 0 ]; then
        out=$(taskset -c "$load_cpu" wrk -d"$((duration * 10))s" --latency "${args[@]}")
    fi
    after=$(cpu_ticks "$pid")
    rm "$work/sampling"; wait "$sampler"
    echo "$out" > "$work/$scenario.$side.$round.wrk"
    local requests rps p50 p99 bad
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    bad=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out")
    [ -n "$requests" ] && [ "$requests" -gt 0 ] || fail "$scenario/$side: wrk made no request:"$'\n'"$out"
    [ -z "$bad" ] || fail "$scenario/$side: $bad of $requests responses were not 2xx/3xx (see $work/$side-$scenario/error.log or output.log; KEEP=1 keeps them)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$side" "$round" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" \
        "$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')" \
        "$(( $(<"$work/rss") / 1024 ))" >> "$work/results.tsv"
    printf '  %-8s %-5s round %s: %8.0f rps\n' "$scenario" "$side" "$round" "$rps" >&2
}
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u); f = u == "us" ? 0.001 : u == "s" ? 1000 : u == "m" ? 60000 : 1; printf "%.3f", n * f }'; }

# start SIDE SCENARIO: starts that proxy pinned to the proxy core; sets `started_pid`, and records
# the milliseconds from exec to its first proxied 200.
start() {
    local side=$1 scenario=$2 dir=$work/$1-$2 port line ms
    port=$(free_port)
    mkdir -p "$dir"
    local command
    case $side in
        nginx) proxy_conf "$scenario" "$side" "$dir" "$port"; command=(/usr/sbin/nginx -p "$dir/" -c "$dir/nginx.conf") ;;
        ours) proxy_conf "$scenario" "$side" "$dir" "$port"; command=("${ours[@]}" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log") ;;
        yarp) yarp_conf "$dir" "$port"; command=(dotnet "$yarp_dll" --contentRoot "$dir") ;;
    esac
    command=(taskset -c "$proxy_cpu" "${command[@]}")
    line=$(python3 "$here/first_response.py" "$port" "${target%%\?*}" "$probe_host" "$dir/output.log" -- "${command[@]}") || true
    started_pid=${line% *}; ms=${line#* }
    pids+=("$started_pid")
    [ "$ms" != -1 ] || fail "$scenario/$side: no 200 on $target (Host $probe_host) within 60 s; output:"$'\n'"$(tail -5 "$dir/output.log" "$dir/error.log" 2>/dev/null)"
    started_port=$port
    printf '%s\t%s\t%s\n' "$scenario" "$side" "$ms" >> "$work/start.tsv"
}

stop() { kill "$1" 2>/dev/null || true; while [ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; do sleep 0.05; done; }

echo "perf: ${scenarios[*]}; ${rounds} round(s) of ${duration}s (+${warmup}s warm-up, +${first_warmup}s before the first), wrk -t1 -c$connections on core $load_cpu, proxy on core $proxy_cpu" >&2
: > "$work/results.tsv"; : > "$work/start.tsv"
declare -A side_pid side_port
for scenario in "${scenarios[@]}"; do
    load_args=()
    wrk_load "$scenario"
    sides=(nginx ours)
    yarp_runs "$scenario" && sides+=(yarp)
    for side in "${sides[@]}"; do
        start "$side" "$scenario"; side_pid[$side]=$started_pid; side_port[$side]=$started_port
    done
    if [ "$scenario" = waf-on ]; then
        code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${side_port[ours]}/?q=%22%3E%3Cscript%3E")
        [ "$code" = 403 ] || fail "waf-on: an attack was answered $code, not blocked with 403"
    fi
    for round in $(seq 1 "$rounds"); do
        for side in "${sides[@]}"; do measure "$scenario" "$side" "${side_pid[$side]}" "${side_port[$side]}" "$round"; done
    done
    for side in "${sides[@]}"; do stop "${side_pid[$side]}"; done
done

echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
python3 "$here/summarize.py" "$work/results.tsv" "$work/start.tsv"
