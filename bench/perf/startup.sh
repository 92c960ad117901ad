#!/usr/bin/env bash
# Launch to first proxied 200, for every way proxyserver ships, side by side with nginx and plain YARP
# (issue #22): the same small config (one server, one upstream, `proxy_pass`), each form started RUNS
# times in turn (nginx, yarp, tool, single-file, deb, image, nginx, yarp, ...), and the median of each
# printed as a markdown table. Each start is timed by first_response.py: from exec to the first
# `HTTP/1.x 200` of a request proxied to the backend, polling every 2 ms.
#
#   bench/perf/startup.sh [--runs N] [--keep-builds] [FORM...]
#     forms: nginx yarp tool single-file deb image (default: all; image only when podman and the
#            image exist: packaging/image/build-image.sh builds it)
#     --runs N       starts per form (default 5)
#     --keep-builds  reuse the builds in bench/perf/startup-bin from an earlier run (otherwise each
#                    form is built as the README's Install section builds it)
#   Environment: PROXY_CPU (the core every proxy is pinned to, 0), IMAGE (proxyserver:latest),
#     KEEP=1 keeps the work directory.
#
# The forms, built here as a user builds them:
#   tool         dotnet pack src/Cli (the linux-x64 ReadyToRun tool package), then
#                `dotnet tool install --tool-path`: started through the tool's shim, as `proxyserver`
#   single-file  dotnet publish src/Cli -p:PublishProfile=linux-x64-single-file
#   deb          packaging/debian/build-deb.sh on that publish, unpacked with dpkg-deb -x (not
#                installed), started through its /usr/sbin/proxyserver link
#   image        podman run --network host of the image, config mounted over /etc/nginx/nginx.conf,
#                started by its entry point with the image's default command (nginx -g 'daemon off;')
#   yarp         bench/perf/PlainYarp published framework-dependent with ReadyToRun (as run.sh does)
#
# Needs: dotnet, nginx, python3, taskset; podman for the image.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

runs=5
keep_builds=0
forms=()
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift ;;
        --keep-builds) keep_builds=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) forms+=("$1") ;;
    esac
    shift
done
all_forms=(nginx yarp tool single-file deb image)
image=${IMAGE:-proxyserver:latest}
podman=(podman $(bash "$root/packaging/image/podman.sh" global))
podman_run=($(bash "$root/packaging/image/podman.sh" run))
if [ ${#forms[@]} -eq 0 ]; then
    forms=(nginx yarp tool single-file deb)
    if command -v podman >/dev/null && "${podman[@]}" image exists "$image" 2>/dev/null; then forms+=(image)
    else echo "startup: no image $image (packaging/image/build-image.sh builds it): the image form is left out" >&2; fi
fi
for f in "${forms[@]}"; do
    [[ " ${all_forms[*]} " == *" $f "* ]] || { echo "unknown form $f (known: ${all_forms[*]})" >&2; exit 2; }
done
proxy_cpu=${PROXY_CPU:-0}

work=$(mktemp -d /tmp/startup.XXXXXX)
pids=()
containers=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for c in "${containers[@]}"; do "${podman[@]}" rm -f -t 0 "$c" >/dev/null 2>&1 || true; done
    if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() { echo "startup: $*" >&2; exit 1; }
wants() { [[ " ${forms[*]} " == *" $1 "* ]]; }

# --- the builds ---------------------------------------------------------------------------------
bin=$here/startup-bin
built() { [ "$keep_builds" = 1 ] && [ -e "$1" ]; }
if wants tool && ! built "$bin/tool/proxyserver"; then
    echo "startup: packing the .NET tool" >&2
    rm -rf "$bin/nupkg" "$bin/tool"
    dotnet pack "$root/src/Cli" -c Release -o "$bin/nupkg" -v q -nologo >/dev/null || fail "dotnet pack failed"
    version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/src/Cli/Cli.csproj")
    DOTNET_CLI_TELEMETRY_OPTOUT=1 dotnet tool install ProxyServer --version "$version" --tool-path "$bin/tool" \
        --add-source "$bin/nupkg" >/dev/null || fail "dotnet tool install failed"
fi
if { wants single-file || wants deb; } && ! built "$bin/single-file/proxyserver"; then
    echo "startup: publishing the single file" >&2
    rm -rf "$bin/single-file"
    dotnet publish "$root/src/Cli" -p:PublishProfile=linux-x64-single-file -p:PublishDir="$bin/single-file/" -v q -nologo >/dev/null ||
        fail "dotnet publish failed"
fi
if wants deb && ! built "$bin/deb/usr/sbin/proxyserver"; then
    echo "startup: building the .deb" >&2
    rm -rf "$bin/deb" "$bin/debfile"
    deb=$(sh "$root/packaging/debian/build-deb.sh" --from "$bin/single-file" --output "$bin/debfile") || fail "build-deb.sh failed"
    dpkg-deb -x "$deb" "$bin/deb"
fi
yarp_dll=$here/yarp-bin/PlainYarp.dll
if wants yarp && { [ ! -e "$yarp_dll" ] || [ -n "$(find "$here/PlainYarp" -newer "$yarp_dll" -type f -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]; }; then
    dotnet publish "$here/PlainYarp" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$here/yarp-bin" -v q -nologo >/dev/null ||
        fail "build of bench/perf/PlainYarp failed"
    touch "$yarp_dll"
fi

# --- the backend and the configs -----------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
backend_port=$(free_port)
mkdir -p "$work/backend"
cat > "$work/backend/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1; pid $work/backend/nginx.pid;
error_log $work/backend/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/backend/body; proxy_temp_path $work/backend/proxy; fastcgi_temp_path $work/backend/fcgi;
    uwsgi_temp_path $work/backend/uwsgi; scgi_temp_path $work/backend/scgi;
    server { listen 127.0.0.1:$backend_port; return 200 "ok\n"; }
}
CONF
/usr/sbin/nginx -p "$work/backend/" -c "$work/backend/nginx.conf" &
pids+=($!)
for _ in $(seq 1 200); do (echo >/dev/tcp/127.0.0.1/"$backend_port") 2>/dev/null && break; sleep 0.05; done

# proxy_conf DIR PORT FORM: the small config every form serves (in the image: nginx's own log paths, and
# no `daemon off;`, which the image's command gives with -g).
proxy_conf() {
    local dir=$1 port=$2 logs=$1
    [ "$3" = image ] && logs=/var/log/nginx
    cat > "$dir/nginx.conf" <<CONF
$([ "$3" = image ] || echo "daemon off; ")master_process off; worker_processes 1; pid $([ "$3" = image ] && echo /tmp || echo "$dir")/nginx.pid;
error_log $logs/error.log error;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
    upstream backend { server 127.0.0.1:$backend_port; keepalive 16; }
    server {
        listen 127.0.0.1:$port;
        location / { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://backend; }
    }
}
CONF
}
. "$here/yarp_conf.sh"   # yarp_conf DIR PORT: plain YARP's appsettings.json

# start FORM RUN: one start, timed; appends "FORM MS" to start.tsv and stops the proxy again.
start() {
    local form=$1 run=$2 dir=$work/$1-$2 port line pid ms name=
    port=$(free_port)
    mkdir -p "$dir"
    local command
    case $form in
        nginx) proxy_conf "$dir" "$port" "$form"; command=(/usr/sbin/nginx -p "$dir/" -c "$dir/nginx.conf") ;;
        yarp) yarp_conf "$dir" "$port"; command=(dotnet "$yarp_dll" --contentRoot "$dir") ;;
        tool) proxy_conf "$dir" "$port" "$form"; command=("$bin/tool/proxyserver" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log") ;;
        single-file) proxy_conf "$dir" "$port" "$form"; command=("$bin/single-file/proxyserver" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log") ;;
        deb) proxy_conf "$dir" "$port" "$form"; command=("$bin/deb/usr/sbin/proxyserver" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log") ;;
        image)
            proxy_conf "$dir" "$port" "$form"
            name=startup-$$-$run; containers+=("$name")
            command=("${podman[@]}" run "${podman_run[@]}" --rm --name "$name" --network host -v "$dir:$dir" -v "$dir/nginx.conf:/etc/nginx/nginx.conf:ro" "$image") ;;
    esac
    line=$(taskset -c "$proxy_cpu" python3 "$here/first_response.py" --cpu "$port" / localhost "$dir/output.log" -- "${command[@]}") || true
    read -r pid ms cpu <<<"$line"
    # podman's client is not the container's process: its CPU says nothing about the proxy's.
    [ "$form" != image ] || cpu=-
    [ "$ms" != -1 ] || fail "$form: no 200 within 60 s; output:"$'\n'"$(tail -5 "$dir/output.log" "$dir/error.log" 2>/dev/null)"
    printf '%s\t%s\t%s\n' "$form" "$ms" "$cpu" >> "$work/start.tsv"
    printf '  %-12s run %s: %5s ms (CPU %s ms)\n' "$form" "$run" "$ms" "$cpu" >&2
    if [ -n "$name" ]; then "${podman[@]}" stop -t 10 "$name" >/dev/null 2>&1 || true; fi
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 1 200); do [ -e "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

echo "startup: ${forms[*]}; $runs starts each, pinned to core $proxy_cpu; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
: > "$work/start.tsv"
# One untimed start of each first: the page cache holds the binaries afterwards, as on a machine that
# has run them before (the single file also extracts its native libraries on its first start).
for form in "${forms[@]}"; do start "$form" 0; done
: > "$work/start.tsv"
for run in $(seq 1 "$runs"); do
    for form in "${forms[@]}"; do start "$form" "$run"; done
done

python3 - "$work/start.tsv" "${forms[@]}" <<'PY'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().splitlines()]
print("| form | median ms to first 200 | min | max | CPU ms by then (median) | runs (ms) |")
print("|---|---:|---:|---:|---:|---|")
for form in sys.argv[2:]:
    ms = [int(m) for f, m, _ in rows if f == form]
    cpu = [int(c) for f, _, c in rows if f == form and c != "-"]
    print(f"| {form} | {statistics.median(ms):.0f} | {min(ms)} | {max(ms)} | {statistics.median(cpu) if cpu else '-'} | {', '.join(map(str, ms))} |")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
