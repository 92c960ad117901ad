#!/bin/sh
# limit_req_zone ... sync (beyond nginx): how closely three proxyserver instances on one etcd hold one key to the
# zone's rate together. Each instance gets its own wrk hammering the same key for DURATION seconds; the requests let
# through (2xx) are counted, with `sync` and without it, against what one nginx (or one instance) would let
# through in that time: rate x seconds + 1. Without sync each instance lets its own share through (~3x).
# usage: bench/limits-sync/run.sh   (from the repository root, after a Release build; needs etcd, wrk)
#   RATE (r/s, 100), DURATION (s, 10), CONNECTIONS (per instance, 4)
set -e
rate=${RATE:-100}; duration=${DURATION:-10}; connections=${CONNECTIONS:-4}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
binary=${BINARY:-$root/src/Cli/bin/Release/net10.0/proxyserver}
work=$(mktemp -d /tmp/limits-sync.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
client=$(free_port); peer=$(free_port)
etcd --data-dir "$work/etcd" --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
     --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
     --initial-cluster "default=http://127.0.0.1:$peer" > "$work/etcd.log" 2>&1 &
etcd_pid=$!
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; kill "$etcd_pid" 2>/dev/null || true; [ -n "$KEEP" ] || rm -rf "$work"; }
trap cleanup EXIT

run_mode() { # MODE: sync | alone
    mode=$1; ports=""; pids=""
    for i in 1 2 3; do
        port=$(free_port); dir="$work/$mode-$i"; mkdir -p "$dir"
        cat > "$dir/nginx.conf" <<CONF
pid $dir/nginx.pid;
error_log $dir/error.log;
events {}
http {
    access_log off;
    kv_source main etcd://127.0.0.1:$client;
    limit_req_zone \$arg_k zone=api:1m rate=${rate}r/s $( [ "$mode" = sync ] && echo sync );
    server { listen 127.0.0.1:$port; location /x { limit_req zone=api; alias /etc/hostname; } }
}
CONF
        "$binary" run "$dir/nginx.conf" > "$dir/out.log" 2>&1 &
        pids="$pids $!"; ports="$ports $port"
    done
    for port in $ports; do
        for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/x?k=warm$port" && break; sleep 0.1; done
    done
    sleep 1
    wrks=""
    for port in $ports; do
        wrk -t1 -c"$connections" -d"${duration}s" "http://127.0.0.1:$port/x?k=same" > "$work/$mode-wrk-$port.txt" &
        wrks="$wrks $!"
    done
    for w in $wrks; do wait "$w" || true; done
    sleep 1
    accepted=0; total=0
    for port in $ports; do
        requests=$(awk '/requests in/ {print $1}' "$work/$mode-wrk-$port.txt")
        refused=$(awk '/Non-2xx/ {print $NF}' "$work/$mode-wrk-$port.txt"); refused=${refused:-0}
        accepted=$((accepted + requests - refused)); total=$((total + requests))
    done
    ideal=$((rate * duration + 1))
    printf '| %s | %d | %d | %d | %s |\n' "$mode" "$total" "$accepted" "$ideal" "$(python3 -c "print(f'{$accepted/$ideal:.2f}')")"
    for p in $pids; do kill -QUIT "$p" 2>/dev/null || true; done
    for p in $pids; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
    pids=""
}

for _ in $(seq 100); do curl -s "http://127.0.0.1:$client/health" > /dev/null && break; sleep 0.1; done
echo "limit_req rate=${rate}r/s, one key, 3 instances x wrk -c$connections for ${duration}s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo '| zone | requests | let through | rate x seconds + 1 | ratio |'
echo '|---|---:|---:|---:|---:|'
run_mode alone
run_mode sync
