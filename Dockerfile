# proxyserver as a drop-in for the official nginx image: the same files, entry point and signals, so a
# compose file swaps `image: nginx` for this image and nothing else (see README, "Install").
#   docker build -t proxyserver .
#   docker run --rm -p 8080:80 proxyserver
# Files of the nginx image's layout come from packaging/image/ (entry point scripts, nginx.conf,
# conf.d/default.conf, html/); tests/ProxyServer.Tests/Distro/ImageEntrypointTests.cs runs them in a
# temporary root.

# Build: one self-contained single file (the runtime inside, ReadyToRun), not trimmed (ASP.NET Core and
# YARP are not trim-safe: trimming would need their reflection rooted by hand). Measured: 101 MiB
# without ReadyToRun (dotnet publish -r linux-x64 --self-contained -p:PublishSingleFile=true), what the
# image adds to debian:bookworm-slim; ReadyToRun adds the precompiled code on top
# and saves start-up JIT (bench/perf/startup.sh: ~0.3 s of CPU to the first proxied 200 against ~1.6 s
# all-JIT); not composite (with the framework composite the single file does not start, SDK 10.0.401).
# Without a registry: packaging/image/build-image.sh makes debian:bookworm-slim with debootstrap and
# passes a publish for the build stage (podman build --build-context build=DIR, DIR/out/proxyserver).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Cli -p:PublishProfile=linux-x64-single-file -p:PublishDir=/out

FROM debian:bookworm-slim
# The runtime's native needs (OpenSSL for TLS, zlib, the C++ runtime), CA roots for upstream TLS, and
# envsubst for the templates; the nginx user and group (101) as the official image has them.
RUN set -eux; \
    groupadd --system --gid 101 nginx; \
    useradd --system --gid nginx --no-create-home --home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates libssl3 zlib1g libstdc++6 libgcc-s1 gettext-base curl procps; \
    rm -rf /var/lib/apt/lists/*

COPY --from=build /out/proxyserver /usr/sbin/proxyserver
COPY packaging/image/nginx.conf packaging/image/mime.types /etc/nginx/
COPY packaging/image/conf.d/default.conf /etc/nginx/conf.d/default.conf
COPY packaging/image/conf.d/default.conf /usr/share/proxyserver/conf.d/default.conf
COPY packaging/image/html/ /usr/share/nginx/html/
COPY packaging/image/docker-entrypoint.sh /
COPY packaging/image/docker-entrypoint.d/ /docker-entrypoint.d/

# `nginx` and `nginx-debug` are ours, so `command: nginx -g 'daemon off;'` works; logs go to the
# container's stdout and stderr, as in the nginx image.
RUN set -eux; \
    ln -s proxyserver /usr/sbin/nginx; \
    ln -s proxyserver /usr/sbin/nginx-debug; \
    mkdir -p /var/log/nginx /var/cache/nginx /etc/nginx/templates; \
    ln -sf /dev/stdout /var/log/nginx/access.log; \
    ln -sf /dev/stderr /var/log/nginx/error.log; \
    chmod +x /docker-entrypoint.sh /docker-entrypoint.d/*; \
    nginx -t

ENTRYPOINT ["/docker-entrypoint.sh"]

EXPOSE 80

STOPSIGNAL SIGQUIT

CMD ["nginx", "-g", "daemon off;"]
