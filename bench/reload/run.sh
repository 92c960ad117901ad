#!/bin/sh
# Reloads under load: wrk keeps 8 keep-alive connections busy on a proxied location while the config is
# reloaded 20 times (HUP every 0.5 s), every other new config broken (refused); the same for nginx.
# Prints wrk's summary for each: requests served, socket errors (connect/read/write/timeout), non-2xx.
# usage: bench/reload/run.sh [RELOADS]   (from the repository root, after a Release build)
set -e
reloads=${1:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d /tmp/reload.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
backend=$(free_port)
port=$(free_port)
seconds=$((reloads / 2 + 4))

mkdir -p "$work/backend"
cat > "$work/backend/nginx.conf" <<CONF
daemon off; master_process off; pid $work/backend/nginx.pid; error_log $work/backend/error.log;
events {}
http { access_log off; client_body_temp_path $work/backend/cb; proxy_temp_path $work/backend/pt; fastcgi_temp_path $work/backend/ft; uwsgi_temp_path $work/backend/ut; scgi_temp_path $work/backend/st;
  server { listen 127.0.0.1:$backend; location / { return 200 "backend\n"; } } }
CONF
nginx -p "$work/backend/" -c "$work/backend/nginx.conf" -e "$work/backend/error.log" &
backend_pid=$!

config() { # VERSION BROKEN
    cat <<CONF
daemon off;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $work/cb; proxy_temp_path $work/pt; fastcgi_temp_path $work/ft; uwsgi_temp_path $work/ut; scgi_temp_path $work/st;
    server {
        listen 127.0.0.1:$port;
        location / { proxy_pass http://127.0.0.1:$backend; }
        location = /version { return 200 "$1"; }
        $([ "$2" = 1 ] && echo 'location /broken { return abc; }')
    }
}
CONF
}

measure() { # NAME COMMAND...
    name=$1; shift
    config v0 0 > "$work/nginx.conf"
    rm -f "$work/nginx.pid"
    "$@" &
    while [ ! -s "$work/nginx.pid" ]; do sleep 0.2; done
    pid=$(cat "$work/nginx.pid")
    sleep 1
    wrk -t 2 -c 8 -d "${seconds}s" "http://127.0.0.1:$port/" > "$work/wrk.txt" &
    wrk_pid=$!
    sleep 1
    i=1
    while [ $i -le "$reloads" ]; do
        config "v$i" $((i % 2)) > "$work/nginx.conf"
        kill -HUP "$pid"
        sleep 0.5
        i=$((i + 1))
    done
    wait $wrk_pid
    echo "== $name: $reloads reloads, every other one broken; serving $(curl -s "http://127.0.0.1:$port/version")"
    grep -E "requests in|Socket errors|Non-2xx" "$work/wrk.txt" || true
    kill -TERM "$pid"; sleep 1
}

measure proxyserver sh -c "exec dotnet '$root/src/Cli/bin/Release/net10.0/proxyserver.dll' -p '$work/' -c '$work/nginx.conf' -e '$work/error.log' 2>/dev/null"
measure nginx nginx -p "$work/" -c "$work/nginx.conf" -e "$work/error.log"
kill "$backend_pid"
rm -rf "$work"
