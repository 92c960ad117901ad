#!/usr/bin/env python3
"""Connection flood against a running server: RSS before, while N connections are held, and after they close.

usage: flood.py PID PORT [--connections 5000] [--settle 30] [--rounds 1]

Each connection sends one keep-alive GET, reads its answer and stays open (idle, as a browser's or a
load balancer's would); once all are open they are held 5 s, then closed together. RSS (VmRSS of PID) is
printed before, at the peak, and every 5 s for --settle seconds after the close; the last figure is the
one compared with the first.
"""
import argparse, selectors, socket, sys, time

def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

def flood(port, count):
    request = b"GET / HTTP/1.1\r\nHost: flood\r\n\r\n"
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(request)
        sockets.append(s)
    answered = 0
    for s in sockets:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        if data.startswith(b"HTTP/1.1 200"):
            answered += 1
    return sockets, answered

def main():
    p = argparse.ArgumentParser()
    p.add_argument("pid", type=int)
    p.add_argument("port", type=int)
    p.add_argument("--connections", type=int, default=5000)
    p.add_argument("--settle", type=int, default=30)
    p.add_argument("--rounds", type=int, default=1)
    a = p.parse_args()
    before = rss_mb(a.pid)
    print(f"before: {before:.1f} MB", flush=True)
    for round in range(1, a.rounds + 1):
        sockets, answered = flood(a.port, a.connections)
        time.sleep(5)
        print(f"round {round}: {len(sockets)} connections held, {answered} answered 200: {rss_mb(a.pid):.1f} MB", flush=True)
        for s in sockets:
            s.close()
        for waited in range(5, a.settle + 1, 5):
            time.sleep(5)
            print(f"  {waited:3d} s after the close: {rss_mb(a.pid):.1f} MB", flush=True)
    after = rss_mb(a.pid)
    print(f"after: {after:.1f} MB ({(after / before - 1) * 100:+.0f}% of before)", flush=True)

if __name__ == "__main__":
    main()
