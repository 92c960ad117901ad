#!/usr/bin/env python3
"""Asks the installed nginx (the oracle) for every directive's contexts and argument counts.

Run once when the oracle changes: it writes probe.json, which generate_modules.py turns into
../Generated/ProbedDirectives.g.cs. Each probe is a tiny config passed to `nginx -t`; the first error line tells whether
the name is known, allowed in a context, a block, and which argument counts pass ngx_conf_handler.
"""
import json, os, re, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

NGINX = "/usr/sbin/nginx"
CONTEXTS = {
    "Main": "{D}\nevents {{}}\n",
    "Events": "events {{ {D} }}\n",
    "Http": "events {{}}\nhttp {{ {D} }}\n",
    "Server": "events {{}}\nhttp {{ server {{ {D} }} }}\n",
    "Location": "events {{}}\nhttp {{ server {{ location / {{ {D} }} }} }}\n",
    "IfInServer": "events {{}}\nhttp {{ server {{ if ($a) {{ {D} }} }} }}\n",
    "IfInLocation": "events {{}}\nhttp {{ server {{ location / {{ if ($a) {{ {D} }} }} }} }}\n",
    "LimitExcept": "events {{}}\nhttp {{ server {{ location / {{ limit_except GET {{ {D} }} }} }} }}\n",
    "Upstream": "events {{}}\nhttp {{ upstream u {{ {D} }} }}\n",
}
work = tempfile.mkdtemp(prefix="probe-")
counter = iter(range(10**9))

def nginx_t(conf):
    n = next(counter)
    d = os.path.join(work, str(n))
    os.makedirs(d)
    path = os.path.join(d, "nginx.conf")
    with open(path, "w") as f:
        f.write(conf)
    r = subprocess.run([NGINX, "-t", "-q", "-p", d + "/", "-c", path, "-e", "/dev/null"], capture_output=True, text=True)
    return r.stderr.splitlines()[0] if r.stderr else ""

def probe(name):
    first = nginx_t(CONTEXTS["Main"].format(D=name + ";"))
    if f'unknown directive "{name}"' in first:
        return None
    out = {"name": name, "contexts": {}}
    for ctx, tpl in CONTEXTS.items():
        msg = nginx_t(tpl.format(D=name + ";"))
        if "is not allowed here" in msg or "unknown directive" in msg:
            continue
        block = 'has no opening "{"' in msg
        counts, flag = [], False
        for n in range(0, 9):
            args = " ".join(["x"] * n)
            d = f"{name} {args} {{ }}" if block else f"{name} {args};"
            m = nginx_t(tpl.format(D=d))
            if "invalid number of arguments" in m:
                continue
            counts.append(n)
            if n == 1 and 'it must be "on" or "off"' in m:
                flag = True
        out["contexts"][ctx] = {"block": block, "counts": counts, "flag": flag}
    return out

def main():
    # The linker merges string tails ("root" lives inside "document_root"), so try every suffix.
    words = subprocess.run(f"strings -n 2 {NGINX}", shell=True, capture_output=True, text=True).stdout.split()
    names = sorted({w[i:] for w in words for i in range(len(w)) if re.fullmatch(r"[a-z][a-z0-9_]+", w[i:])})
    with ThreadPoolExecutor(4) as pool:
        results = [r for r in pool.map(probe, names) if r]
    json.dump(results, open(sys.argv[1] if len(sys.argv) > 1 else "probe.json", "w"), indent=1)
    print(len(results), "directives")

if __name__ == "__main__":
    main()
