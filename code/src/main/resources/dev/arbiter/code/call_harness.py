# Arbiter call-based test harness: runs solution.py's function on the call read from stdin ({"fn": name, "args": [...]}) and writes the
# return value as one JSON line to the original standard output. The solution's own prints go to standard error.
import json
import os
import sys

_arbiter_out = os.dup(1)
os.dup2(2, 1)
_arbiter_call = json.loads(sys.stdin.readline())
_arbiter_name = _arbiter_call["fn"]
_arbiter_args = _arbiter_call["args"]
sys.stdin = open(os.devnull)
sys.argv = ["solution.py"]
sys.setrecursionlimit(100000)

_arbiter_ns = {"__name__": "__solution__", "__builtins__": __builtins__}
exec(
    "from typing import *\n"
    "import collections, heapq, bisect, math, itertools, functools, re, string, sys, copy, random, operator\n"
    "from collections import *\nfrom heapq import *\nfrom bisect import *\nfrom math import *\n"
    "from itertools import *\nfrom functools import *\n",
    _arbiter_ns,
)
with open("solution.py", encoding="utf-8") as _f:
    exec(compile(_f.read(), "solution.py", "exec"), _arbiter_ns)

_target = _arbiter_ns.get(_arbiter_name)
if not callable(_target):
    _cls = _arbiter_ns.get("Solution")
    if _cls is None or not hasattr(_cls, _arbiter_name):
        sys.stderr.write("ArbiterHarnessError: no function or Solution method named %r\n" % _arbiter_name)
        sys.exit(1)
    _target = getattr(_cls(), _arbiter_name)

_result = _target(*_arbiter_args)


def _arbiter_plain(v):
    if isinstance(v, (set, frozenset)):
        try:
            return sorted(v)
        except TypeError:
            return list(v)
    if hasattr(v, "tolist"):
        return v.tolist()
    if hasattr(v, "__dict__"):
        return {"__repr__": repr(v)}
    return repr(v)


os.write(_arbiter_out, (json.dumps(_result, default=_arbiter_plain) + "\n").encode("utf-8"))
