#!/bin/sh
# Builds the container image of the repository's Dockerfile with podman, where no image registry is
# reachable (the machines that build this repository reach Debian's mirror and NuGet, no registry):
#   packaging/image/build-image.sh [--from DIR] [--tag TAG]
# --from DIR  a self-contained single-file publish of src/Cli (DIR/proxyserver) to put in the image
#             (default: published now, `dotnet publish src/Cli -p:PublishProfile=linux-x64-single-file`)
# --tag TAG   the image's name (default proxyserver:latest)
#
# The Dockerfile's two stages, without a registry:
# - its final stage's base, debian:bookworm-slim, is made here once with `debootstrap --variant=minbase`
#   from Debian's mirror (with the packages the Dockerfile installs, so its apt-get finds them there) and
#   imported as docker.io/library/debian:bookworm-slim; it stays in podman's store for later builds;
# - its build stage (the .NET SDK image) is replaced by the publish: `--build-context build=DIR` hands
#   podman a directory in place of that stage, and the stage itself is skipped.
# Podman's options for a sandbox like this machine's (cgroups v1 beside v2, a hard RLIMIT_NOFILE below
# podman's default): runc with the cgroupfs manager and the shell's own limits; see PODMAN_RUN below.
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
from=
tag=proxyserver:latest
while [ $# -gt 0 ]; do
    case "$1" in
        --from) from=$2; shift 2 ;;
        --tag) tag=$2; shift 2 ;;
        *) echo "usage: $0 [--from DIR] [--tag TAG]" >&2; exit 2 ;;
    esac
done
command -v podman >/dev/null || { echo "$0: podman is not installed (apt-get install podman runc debootstrap)" >&2; exit 1; }

# The options every podman command of the build and the tests uses (packaging/image/podman.sh prints them).
set -- $(bash "$repo/packaging/image/podman.sh" global)
global="$*"
set -- $(bash "$repo/packaging/image/podman.sh" run)
run="$*"

base=docker.io/library/debian:bookworm-slim
if ! podman $global image exists "$base"; then
    command -v debootstrap >/dev/null || { echo "$0: debootstrap is not installed" >&2; exit 1; }
    rootfs=$(mktemp -d /var/tmp/proxyserver-rootfs.XXXXXX)
    trap 'rm -rf "$rootfs"' EXIT
    echo "$0: making $base with debootstrap" >&2
    debootstrap --variant=minbase \
        --include=ca-certificates,libssl3,zlib1g,libstdc++6,libgcc-s1,gettext-base,curl,procps \
        bookworm "$rootfs" http://deb.debian.org/debian >&2
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | podman $global import --change 'CMD ["bash"]' - "$base" >/dev/null
    rm -rf "$rootfs"
    trap - EXIT
fi

if [ -z "$from" ]; then
    dotnet publish "$repo/src/Cli" -p:PublishProfile=linux-x64-single-file >&2
    from="$repo/artifacts/linux-x64"
fi
[ -x "$from/proxyserver" ] || { echo "$0: $from/proxyserver is not a single-file build of src/Cli" >&2; exit 1; }

# The build stage's /out, as the Dockerfile's COPY --from=build reads it.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/out"
cp "$from/proxyserver" "$stage/out/proxyserver"
podman $global build $run --network host --build-context "build=$stage" -t "$tag" -f "$repo/Dockerfile" "$repo" >&2
echo "$tag"
