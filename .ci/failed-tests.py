#!/usr/bin/env python3
"""Read `dotnet test` trx files and print what .ci/run needs to re-run the failed tests once.

Usage: failed-tests.py filter TRX...   the failed tests as a `dotnet test --filter` expression
                                        (FullyQualifiedName=Class.Method|..., a theory once for
                                        all its cases); nothing when none failed
       failed-tests.py names TRX...    the failed tests, one `Class.Method` per line
       failed-tests.py counts TRX...   "PASSED FAILED" summed over the files' <Counters>
"""
import re
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def failed_methods(paths):
    methods = []
    for path in paths:
        root = ET.parse(path).getroot()
        # testId -> Class.Method, from the definitions (a theory's cases share one method)
        by_id = {}
        for unit in root.iterfind("t:TestDefinitions/t:UnitTest", NS):
            method = unit.find("t:TestMethod", NS)
            if method is not None:
                name = re.sub(r"\(.*$", "", method.get("name", ""))
                # xunit names a method by its full name already; others by the bare method name
                by_id[unit.get("id")] = name if "." in name else f"{method.get('className')}.{name}"
        for result in root.iterfind("t:Results/t:UnitTestResult", NS):
            if result.get("outcome") == "Failed":
                name = by_id.get(result.get("testId"))
                if name and name not in methods:
                    methods.append(name)
    return methods


def counts(paths):
    passed = failed = 0
    for path in paths:
        c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", NS)
        if c is not None:
            passed += int(c.get("passed", 0))
            failed += int(c.get("failed", 0))
    return passed, failed


def main(argv):
    if len(argv) < 2 or argv[0] not in ("filter", "names", "counts"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, paths = argv[0], argv[1:]
    if mode == "counts":
        print(*counts(paths))
    elif mode == "names":
        print("\n".join(failed_methods(paths)))
    else:
        print("|".join(f"FullyQualifiedName={m}" for m in failed_methods(paths)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
