#!/bin/sh
# RSS of proxyserver (and nginx, for comparison) before, during and after a 5,000-connection flood.
# usage: bench/flood/run.sh [CONNECTIONS] [SETTLE_SECONDS]   (from the repository root, after a Release build)
set -e
connections=${1:-5000}
settle=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d /tmp/flood.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ulimit -n 20000
cat > "$work/nginx.conf" <<CONF
daemon off;
master_process off;
worker_rlimit_nofile 20000;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 10000; }
http {
    access_log off;
    client_body_temp_path $work/cb; proxy_temp_path $work/pt; fastcgi_temp_path $work/ft; uwsgi_temp_path $work/ut; scgi_temp_path $work/st;
    keepalive_timeout 300s;
    server {
        listen 127.0.0.1:$port;
        location / { return 200 "ok\n"; }
    }
}
CONF

echo "== proxyserver ($connections connections)"
dotnet "$root/src/Cli/bin/Release/net10.0/proxyserver.dll" -p "$work/" -c "$work/nginx.conf" -e "$work/error.log" 2>/dev/null &
pid=$!
while [ ! -f "$work/nginx.pid" ]; do sleep 0.2; done
# warm up: the first requests JIT the request path
python3 "$here/flood.py" "$pid" "$port" --connections 200 --settle 5 > /dev/null
python3 "$here/flood.py" "$pid" "$port" --connections "$connections" --settle "$settle"
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -f "$work/nginx.pid"

[ "${NGINX:-1}" = 0 ] && exit 0
echo "== nginx ($connections connections)"
nginx -p "$work/" -c "$work/nginx.conf" -e "$work/error.log" &
pid=$!
while [ ! -f "$work/nginx.pid" ]; do sleep 0.2; done
python3 "$here/flood.py" "$pid" "$port" --connections "$connections" --settle "$settle"
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -rf "$work"
