#!/bin/sh
# As the official image: with NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE set, worker_processes in
# /etc/nginx/nginx.conf becomes the number of CPUs this container may use (the least of the CPUs online,
# the cgroup's cpuset and its CPU quota rounded up), the old line kept as a comment and the old file as
# nginx.conf.bak. proxyserver serves from one process whatever the number (worker_processes is
# accepted and ignored), so this only keeps the file as the nginx image would leave it. The cgroup is
# read at /sys/fs/cgroup (v2: cpuset.cpus.effective, cpu.max; v1: cpuset/, cpu/), where a container's
# own cgroup is mounted; the official script finds it through /proc/self/mountinfo.
set -eu

LC_ALL=C
ME=$(basename "$0")
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

[ "${NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE:-}" ] || exit 0

touch /etc/nginx/nginx.conf 2>/dev/null || { echo >&2 "$ME: error: can not modify /etc/nginx/nginx.conf (read-only file system?)"; exit 0; }

ceildiv() {
    echo $(( ($1 + $2 - 1) / $2 ))
}

# "0-3,8,10-11" -> 7
count_cpu_list() {
    count=0
    for token in $(tr ',' ' ' < "$1"); do
        case "$token" in
            *-*) count=$(( count + ${token#*-} - ${token%-*} + 1 )) ;;
            *) count=$(( count + 1 )) ;;
        esac
    done
    [ "$count" -gt 0 ] && echo "$count"
}

cpuset_cpus() {
    for file in /sys/fs/cgroup/cpuset.cpus.effective /sys/fs/cgroup/cpuset/cpuset.effective_cpus; do
        [ -s "$file" ] && { count_cpu_list "$file"; return; }
    done
    return 0
}

quota_cpus() {
    if [ -r /sys/fs/cgroup/cpu.max ]; then
        read -r quota period < /sys/fs/cgroup/cpu.max
    elif [ -r /sys/fs/cgroup/cpu/cpu.cfs_quota_us ] && [ -r /sys/fs/cgroup/cpu/cpu.cfs_period_us ]; then
        quota=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)
        period=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)
    else
        return 0
    fi
    case "$quota" in max|-1) return 0 ;; esac
    [ "$period" != "0" ] || return 0
    ncpu=$(ceildiv "$quota" "$period")
    [ "$ncpu" -gt 0 ] && echo "$ncpu"
    return 0
}

ncpu_online=$(getconf _NPROCESSORS_ONLN)
ncpu_cpuset=$(cpuset_cpus || true)
ncpu_quota=$(quota_cpus || true)
ncpu=$(printf '%s\n%s\n%s\n' "$ncpu_online" "${ncpu_cpuset:-$ncpu_online}" "${ncpu_quota:-$ncpu_online}" | sort -n | head -n 1)

sed -i.bak -r 's/^(worker_processes)(.*)$/# Commented out by '"$ME"' on '"$(date)"'\n#\1\2\n\1 '"$ncpu"';/' /etc/nginx/nginx.conf
