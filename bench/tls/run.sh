#!/usr/bin/env bash
# TLS cost, proxyserver vs nginx 1.22 (one worker each, same certificate, same answer):
#   - full handshakes per second: `openssl s_time -new` (a new TLS session per connection)
#   - HTTPS requests per second on kept-alive connections: wrk
# and the ratio ours/nginx for each. Both serve `return 200 "ok\n"` on 127.0.0.1 with an
# ECDSA P-256 certificate and TLSv1.2 (nginx 1.22's default protocols) so only TLS + HTTP differ.
#
#   bench/tls/run.sh [duration_seconds] [connections]
#
# Needs: dotnet, nginx, wrk, openssl. Rounds alternate nginx/ours so machine noise hits both.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-5}
connections=${2:-32}

dotnet build src/Cli -c Release -o bench/tls/bin -v q -nologo >/dev/null
work=$(mktemp -d /tmp/tlsbench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 400); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 not listening" >&2; exit 1; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=bench.test \
    -addext subjectAltName=DNS:bench.test -keyout "$work/bench.key" -out "$work/bench.crt" 2>/dev/null

declare -A port
for side in nginx ours; do
    port[$side]=$(free_port)
    mkdir -p "$work/$side"
    cat > "$work/$side/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1; pid $work/$side/nginx.pid;
error_log $work/$side/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/$side/body; proxy_temp_path $work/$side/proxy;
    fastcgi_temp_path $work/$side/fcgi; uwsgi_temp_path $work/$side/uwsgi; scgi_temp_path $work/$side/scgi;
    server {
        listen 127.0.0.1:${port[$side]} ssl;
        server_name bench.test;
        ssl_certificate $work/bench.crt;
        ssl_certificate_key $work/bench.key;
        location / { return 200 "ok\n"; }
    }
}
CONF
done
/usr/sbin/nginx -p "$work/nginx/" -c "$work/nginx/nginx.conf" & pids+=($!)
dotnet bench/tls/bin/proxyserver.dll -p "$work/ours/" -c "$work/ours/nginx.conf" -e "$work/ours/error.log" & pids+=($!)
wait_port "${port[nginx]}"; wait_port "${port[ours]}"

handshakes() { # full handshakes per second (s_time prints "N connections in T real seconds")
    openssl s_time -connect "127.0.0.1:$1" -new -time "$duration" 2>/dev/null |
        awk '/connections in .* real seconds/ { printf "%.0f", $1 / $4; found=1 } END { if (!found) printf "0" }'
}
rps() { wrk -t2 -c"$connections" -d"${duration}s" "https://127.0.0.1:$1/" 2>/dev/null | awk '/Requests\/sec/ { printf "%.0f", $2 }'; }

# Warm-up (JIT, session caches), then measure.
rps "${port[ours]}" >/dev/null; rps "${port[nginx]}" >/dev/null
declare -A hs rq
for side in nginx ours; do hs[$side]=$(handshakes "${port[$side]}"); done
for side in nginx ours; do rq[$side]=$(rps "${port[$side]}"); done
ratio() { python3 -c "print(f'{$1/$2:.2f}' if $2 else 'n/a')"; }
printf '%-28s %10s %10s %8s\n' metric nginx proxyserver ratio
printf '%-28s %10s %10s %8s\n' "handshakes/s (s_time -new)" "${hs[nginx]}" "${hs[ours]}" "$(ratio "${hs[ours]}" "${hs[nginx]}")"
printf '%-28s %10s %10s %8s\n' "https req/s (wrk -c$connections)" "${rq[nginx]}" "${rq[ours]}" "$(ratio "${rq[ours]}" "${rq[nginx]}")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
