#!/bin/sh
# As the official image: add "listen [::]:80;" beside "listen 80;" in /etc/nginx/conf.d/default.conf,
# but only when the host has IPv6, the file can be written, it is not done already, and the file is
# still the one the image shipped. The official script asks dpkg or apk for the nginx package's
# checksum; ours compares with the pristine copy the image keeps in /usr/share/proxyserver/.
set -e

entrypoint_log() {
    if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
        echo "$@"
    fi
}

ME=$(basename "$0")
DEFAULT_CONF_FILE="etc/nginx/conf.d/default.conf"
PACKAGED_CONF_FILE="/usr/share/proxyserver/conf.d/default.conf"

if [ ! -f "/proc/net/if_inet6" ]; then
    entrypoint_log "$ME: info: ipv6 not available"
    exit 0
fi

if [ ! -f "/$DEFAULT_CONF_FILE" ]; then
    entrypoint_log "$ME: info: /$DEFAULT_CONF_FILE is not a file or does not exist"
    exit 0
fi

touch "/$DEFAULT_CONF_FILE" 2>/dev/null || { entrypoint_log "$ME: info: can not modify /$DEFAULT_CONF_FILE (read-only file system?)"; exit 0; }

grep -q "listen  \[::]\:80;" "/$DEFAULT_CONF_FILE" && { entrypoint_log "$ME: info: IPv6 listen already enabled"; exit 0; }

entrypoint_log "$ME: info: Getting the checksum of /$DEFAULT_CONF_FILE"
packaged=$(md5sum < "$PACKAGED_CONF_FILE" 2>/dev/null | cut -d' ' -f1) || packaged=
current=$(md5sum < "/$DEFAULT_CONF_FILE" | cut -d' ' -f1)
if [ -z "$packaged" ] || [ "$packaged" != "$current" ]; then
    entrypoint_log "$ME: info: /$DEFAULT_CONF_FILE differs from the packaged version"
    exit 0
fi

sed -i -E 's,listen       80;,listen       80;\n    listen  [::]:80;,' "/$DEFAULT_CONF_FILE"

entrypoint_log "$ME: info: Enabled listen on IPv6 in /$DEFAULT_CONF_FILE"

exit 0
