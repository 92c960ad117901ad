#!/bin/sh
# Builds the proxyserver Debian package with dpkg-deb, from files in this repository alone (no network,
# no debhelper):
#   packaging/debian/build-deb.sh [--from DIR] [--output DIR]
# --from DIR   a build of src/Cli to package (default: the self-contained single file, published now by
#              `dotnet publish src/Cli -p:PublishProfile=linux-x64-single-file`); a framework-dependent
#              build (proxyserver.dll beside the proxyserver executable) also works, on a machine with the
#              .NET runtime in /usr/share/dotnet
# --output DIR where proxyserver_VERSION_amd64.deb is written (default: artifacts/deb)
#
# The package: /usr/lib/proxyserver/ (the build), /usr/sbin/proxyserver (a link to it), the systemd unit
# /lib/systemd/system/proxyserver.service (like nginx's; neither enabled nor started), a logrotate rule
# with USR1, /usr/share/doc/proxyserver. It reads /etc/nginx as nginx's packages leave it and installs
# nothing there, nor /usr/sbin/nginx: it sits beside Debian's nginx.
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
from=
output="$repo/artifacts/deb"
while [ $# -gt 0 ]; do
    case "$1" in
        --from) from=$2; shift 2 ;;
        --output) output=$2; shift 2 ;;
        *) echo "usage: $0 [--from DIR] [--output DIR]" >&2; exit 2 ;;
    esac
done

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/src/Cli/Cli.csproj")
if [ -z "$from" ]; then
    dotnet publish "$repo/src/Cli" -p:PublishProfile=linux-x64-single-file
    from="$repo/artifacts/linux-x64"
fi
if [ ! -x "$from/proxyserver" ]; then
    echo "$0: $from/proxyserver is not an executable build of src/Cli" >&2
    exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"
mkdir -p "$stage/DEBIAN" "$stage/usr/lib/proxyserver" "$stage/usr/sbin" "$stage/lib/systemd/system" \
    "$stage/usr/share/proxyserver" "$stage/usr/share/doc/proxyserver"

# The build, without debug symbols; the command is a link, so the executable finds its files beside it.
cp -a "$from/." "$stage/usr/lib/proxyserver/"
find "$stage/usr/lib/proxyserver" -name '*.pdb' -delete
ln -s ../lib/proxyserver/proxyserver "$stage/usr/sbin/proxyserver"

install -m 0644 "$repo/packaging/debian/proxyserver.service" "$stage/lib/systemd/system/proxyserver.service"
install -m 0644 "$repo/packaging/debian/logrotate" "$stage/usr/share/proxyserver/logrotate"
install -m 0755 "$repo/packaging/debian/postinst" "$repo/packaging/debian/prerm" "$stage/DEBIAN/"
install -m 0644 "$repo/README.md" "$stage/usr/share/doc/proxyserver/README.md"
printf '%s\n' "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/" \
    "Upstream-Name: proxyserver" "" "Files: *" "Comment: built from the ProxyServer repository" > "$stage/usr/share/doc/proxyserver/copyright"

if [ -f "$from/proxyserver.dll" ]; then
    note=" This build is framework-dependent: it needs the .NET runtime in /usr/share/dotnet."
else
    note=" This build is self-contained: the .NET runtime is inside the executable."
fi
cat > "$stage/DEBIAN/control" <<CONTROL
Package: proxyserver
Version: $version
Architecture: amd64
Maintainer: ProxyServer developers <proxyserver@localhost>
Installed-Size: $(du -sk "$stage" | cut -f1)
Depends: libc6, libgcc-s1, libstdc++6, libssl3, zlib1g, ca-certificates
Suggests: nginx-common, logrotate
Section: httpd
Priority: optional
Homepage: file:///usr/share/doc/proxyserver/README.md
Description: nginx configuration served as a reverse proxy on YARP
 proxyserver reads real nginx configuration (/etc/nginx/nginx.conf, sites-enabled,
 includes and all) and serves it with nginx's behaviour: same statuses, error texts
 and log lines. Its command line takes nginx's flags (-t, -T, -c, -g, -s reload).
 It installs beside Debian's nginx, never over it: /usr/sbin/proxyserver and the
 proxyserver.service unit, which conflicts with nginx.service.
$note
CONTROL

mkdir -p "$output"
deb="$output/proxyserver_${version}_amd64.deb"
dpkg-deb --root-owner-group --build "$stage" "$deb" >/dev/null
echo "$deb"
