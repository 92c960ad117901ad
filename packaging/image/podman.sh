#!/usr/bin/env bash
# The podman options this machine's kind of sandbox needs, printed for scripts and tests to use:
#   podman $(packaging/image/podman.sh global) run $(packaging/image/podman.sh run) IMAGE ...
# global: cgroups are mounted v1 beside an empty v2 hierarchy, which crun refuses ("cgroups in hybrid
#         mode not supported"): runc with the cgroupfs manager runs there. Elsewhere: nothing.
# run:    podman raises RLIMIT_NOFILE and RLIMIT_NPROC to its own defaults, which a hard limit below
#         them refuses ("setrlimit: Operation not permitted"): the shell's open files limit, and at most
#         32768 processes (a build's RUN step was refused its shell's own 96370 here, 32768 was not).
set -eu
case "${1:-}" in
    global)
        if [ -d /sys/fs/cgroup/memory ] && command -v runc >/dev/null; then
            echo "--cgroup-manager cgroupfs --runtime runc"
        fi ;;
    run)
        limit() { v=$(ulimit "$1"); [ "$v" = unlimited ] && echo -1 || echo "$v"; }
        nproc=$(limit -Hu); { [ "$nproc" = -1 ] || [ "$nproc" -gt 32768 ]; } && nproc=32768
        echo "--ulimit nofile=$(limit -Sn):$(limit -Hn) --ulimit nproc=$nproc:$nproc" ;;
    *) echo "usage: $0 global|run" >&2; exit 2 ;;
esac
