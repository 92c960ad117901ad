#!/usr/bin/env python3
"""Third pass: the value shape of one-argument directives, from how nginx answers a few values
("invalid number" = number slot, "invalid value" for "x" but "8k" accepted = size, "10s" accepted = time)."""
import json, sys
from probe_nginx import CONTEXTS, nginx_t
from concurrent.futures import ThreadPoolExecutor

def probe(entry):
    name = entry["name"]
    for ctx, info in entry["contexts"].items():
        if info["block"] or info["flag"] or 1 not in info["counts"] or ctx == "Upstream":
            continue
        answers = {v: nginx_t(CONTEXTS[ctx].format(D=f"{name} {v};")) for v in ["x", "10", "8k", "10s", "1g", "500ms"]}
        return name, {v: (a.split("] ", 1)[1].rsplit(" in /", 1)[0] if "] " in a else a) for v, a in answers.items()}
    return name, None

entries = json.load(open(sys.argv[1]))
with ThreadPoolExecutor(4) as pool:
    result = dict(pool.map(probe, entries))
json.dump(result, open(sys.argv[2], "w"), indent=1)
