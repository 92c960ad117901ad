#!/usr/bin/env python3
"""Starts a proxy and times how long until it answers a proxied request with 200.

    first_response.py PORT PATH HOST LOG -- COMMAND...

Prints "PID MILLISECONDS" (-1 ms when no 200 came within 60 s, exit status 1). The proxy keeps
running after this script exits; the caller stops it by its pid."""
import socket
import subprocess
import sys
import time

port, path, host, log = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
command = sys.argv[sys.argv.index("--") + 1:]
request = f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode()


def answered_200():
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(request)
            return s.recv(64).startswith((b"HTTP/1.1 200", b"HTTP/1.0 200"))
    except OSError:
        return False


with open(log, "ab") as out:
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=out, stderr=out, stdin=subprocess.DEVNULL)
while time.monotonic() - started < 60:
    if answered_200():
        print(process.pid, round((time.monotonic() - started) * 1000))
        sys.exit(0)
    if process.poll() is not None:
        break
    time.sleep(0.002)
print(process.pid, -1)
sys.exit(1)
