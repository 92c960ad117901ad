#!/usr/bin/env python3
"""Writes OUT/N/nginx.conf for each N: N server blocks, each with an upstream of two peers and a few
locations (prefix, exact, regex, proxy_pass, return), the shape of a large virtual-hosting config."""
import os, sys

out = sys.argv[1]
for n in map(int, sys.argv[2:]):
    os.makedirs(os.path.join(out, str(n)), exist_ok=True)
    with open(os.path.join(out, str(n), "nginx.conf"), "w") as f:
        f.write("worker_processes 1;\npid nginx.pid;\nerror_log /dev/null;\nevents { worker_connections 1024; }\n")
        f.write("http {\n    access_log off;\n    server_names_hash_max_size 262144;\n    server_names_hash_bucket_size 128;\n")
        f.write("    log_format main '$remote_addr - $host [$time_local] \"$request\" $status';\n")
        for i in range(n):
            a, b = divmod(i, 250)
            f.write(f"""
    upstream app{i} {{
        least_conn;
        server 10.{a % 250}.{b}.1:8080 weight=2 max_fails=3 fail_timeout=10s;
        server 10.{a % 250}.{b}.2:8080;
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{8000 + i % 1000};
        server_name site{i}.example www.site{i}.example;
        root /srv/site{i};
        location / {{
            try_files $uri $uri/ @app;
        }}
        location @app {{
            proxy_pass http://app{i};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 30s;
        }}
        location = /health {{
            return 200 "ok\\n";
        }}
        location ~* \\.(css|js|png)$ {{
            expires 7d;
            add_header Cache-Control public;
        }}
    }}
""")
        f.write("}\n")
