#!/usr/bin/env python3
"""Second pass over probe.json: which directives nginx rejects when repeated in one block
(`"x" directive is duplicate`). Needs one argument list nginx accepts; tries a few typical ones."""
import itertools, json, sys
from probe_nginx import CONTEXTS, nginx_t
from concurrent.futures import ThreadPoolExecutor

ONE = ["on", "x", "10", "10s", "8k", "/tmp/x", "$a", "127.0.0.1", "GET", "none", "off", "any", "text/html", "1", "localhost", "~x"]
TWO = ["x", "$a", "4", "8k", "10", "y", "on", "/tmp/x", "text/html", "$b"]

def accepted(tpl, d):
    return nginx_t(tpl.format(D=d)) == ""

def probe(entry):
    name = entry["name"]
    out = {}
    for ctx, info in entry["contexts"].items():
        if info["block"]:
            continue
        tpl = CONTEXTS[ctx]
        if ctx == "Upstream":
            tpl = tpl.replace("{D}", "{D} server 127.0.0.1;")
        counts = [c for c in info["counts"] if c in (0, 1, 2)]
        found = None
        for n in counts:
            pool = [[]] if n == 0 else [[a] for a in ONE] if n == 1 else [list(p) for p in itertools.product(TWO, TWO)]
            for args in pool:
                d = " ".join([name] + args) + ";"
                if accepted(tpl, d):
                    found = d
                    break
            if found:
                break
        if not found:
            out[ctx] = None
            continue
        m = nginx_t(tpl.format(D=found + " " + found))
        out[ctx] = {"sample": found, "second": m}
    return name, out

entries = json.load(open(sys.argv[1]))
with ThreadPoolExecutor(4) as pool:
    result = dict(pool.map(probe, entries))
json.dump(result, open(sys.argv[2], "w"), indent=1)
