#!/usr/bin/env python3
"""Starts a proxy and times how long until it answers a proxied request with 200.

    first_response.py [--cpu] PORT PATH HOST LOG -- COMMAND...

Prints "PID MILLISECONDS" (-1 ms when no 200 came within 60 s, exit status 1). The proxy keeps
running after this script exits; the caller stops it by its pid. --cpu adds a third figure: the
milliseconds of CPU (user + system, all threads) the process had spent by its first 200, which a
loaded machine moves far less than the wall-clock figure."""
import os
import socket
import subprocess
import sys
import time

cpu = sys.argv[1] == "--cpu"
if cpu:
    del sys.argv[1]
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
        elapsed = round((time.monotonic() - started) * 1000)
        if cpu:
            # /proc/PID/stat: utime and stime are fields 14 and 15, after the parenthesised name.
            fields = open(f"/proc/{process.pid}/stat").read().rsplit(")", 1)[1].split()
            ticks = int(fields[11]) + int(fields[12])
            print(process.pid, elapsed, round(ticks * 1000 / os.sysconf("SC_CLK_TCK")))
        else:
            print(process.pid, elapsed)
        sys.exit(0)
    if process.poll() is not None:
        break
    time.sleep(0.002)
print(process.pid, -1, -1) if cpu else print(process.pid, -1)
sys.exit(1)
