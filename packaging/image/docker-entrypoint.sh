#!/bin/sh
# The official nginx image's entry point, same behaviour and lines: when the command is nginx (our
# nginx, a link to proxyserver) or nginx-debug, run the scripts in /docker-entrypoint.d/ in version
# order (*.sh executed, *.envsh sourced, anything else or not executable named and skipped), then
# exec the command. NGINX_ENTRYPOINT_QUIET_LOGS set: say nothing.
set -e

entrypoint_log() {
    if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
        echo "$@"
    fi
}

if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
    if /usr/bin/find "/docker-entrypoint.d/" -mindepth 1 -maxdepth 1 -type f -print -quit 2>/dev/null | read -r _; then
        entrypoint_log "$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
        entrypoint_log "$0: Looking for shell scripts in /docker-entrypoint.d/"
        find "/docker-entrypoint.d/" -follow -type f -print | sort -V | while read -r script; do
            case "$script" in
                *.envsh)
                    if [ -x "$script" ]; then
                        entrypoint_log "$0: Sourcing $script"
                        . "$script"
                    else
                        entrypoint_log "$0: Ignoring $script, not executable"
                    fi
                    ;;
                *.sh)
                    if [ -x "$script" ]; then
                        entrypoint_log "$0: Launching $script"
                        "$script"
                    else
                        entrypoint_log "$0: Ignoring $script, not executable"
                    fi
                    ;;
                *) entrypoint_log "$0: Ignoring $script" ;;
            esac
        done
        entrypoint_log "$0: Configuration complete; ready for start up"
    else
        entrypoint_log "$0: No files found in /docker-entrypoint.d/, skipping configuration"
    fi
fi

exec "$@"
