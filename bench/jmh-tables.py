#!/usr/bin/env python3
"""Prints docs/benchmarks.md's tables from a JMH JSON result (bench/target/results/jmh.json).

Each row: the parameters, ns/op of vth's implementation and of its baseline from the same run
(mean ± the 99.9% error JMH reports, and the best measurement iteration: on a shared machine the
iteration least disturbed by other processes), both allocations in B/op (-prof gc), and the time
ratio vth / baseline of the means and of the best iterations (below 1: vth is faster).
"""
import json
import sys
from collections import OrderedDict

# benchmark class -> [(vth method, baseline method), ...]
PAIRS = OrderedDict([
    ("Ipv4LpmBenchmark", [("trie", "hashPerLength")]),
    ("Ipv6LpmBenchmark", [("trie", "hashPerLength")]),
    ("FlowCacheBenchmark", [("lookupFlowCache", "lookupHashMap"), ("insertFlowCache", "insertHashMap")]),
    ("ActionBenchmark", [("interpreter", "handWritten")]),
    ("ParseBenchmark", [("hubCore", "byteBuffer")]),
])


def fmt_time(r):
    m = r["primaryMetric"]
    err = m.get("scoreError")
    if err is None or err != err:  # NaN with a single iteration
        return f"{m['score']:.1f}"
    return f"{m['score']:.1f} ± {err:.1f}"


def best(r):
    raw = [x for fork in r["primaryMetric"].get("rawData", []) for x in fork]
    return min(raw) if raw else r["primaryMetric"]["score"]


def alloc(r):
    s = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    if not s:
        return "n/a"
    v = s["score"]
    return "0" if v < 0.5 else f"{v:.0f}"


def main(path):
    with open(path) as f:
        results = json.load(f)
    by_key = {}
    for r in results:
        cls, method = r["benchmark"].rsplit(".", 2)[-2:]
        params = tuple(sorted(r.get("params", {}).items()))
        by_key[(cls, method, params)] = r
    for cls, pairs in PAIRS.items():
        rows = [(k, r) for k, r in by_key.items() if k[0] == cls]
        if not rows:
            continue
        print(f"\n### {cls}\n")
        print("| parameters | vth | ns/op | best | B/op | baseline | ns/op | best | B/op "
              "| vth / baseline | (best) |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        param_sets = []
        for (c, m, p), _ in rows:
            if p not in param_sets:
                param_sets.append(p)
        for p in param_sets:
            label = ", ".join(f"{k}={v}" for k, v in p) or "-"
            for vth, base in pairs:
                a = by_key.get((cls, vth, p))
                b = by_key.get((cls, base, p))
                if not a or not b:
                    continue
                ratio = a["primaryMetric"]["score"] / b["primaryMetric"]["score"]
                best_ratio = best(a) / best(b)
                print(f"| {label} | `{vth}` | {fmt_time(a)} | {best(a):.1f} | {alloc(a)} "
                      f"| `{base}` | {fmt_time(b)} | {best(b):.1f} | {alloc(b)} "
                      f"| {ratio:.3g} | {best_ratio:.3g} |")
            extra = [m for (c, m, pp) in by_key if c == cls and pp == p
                     and m not in {x for pair in pairs for x in pair}]
            for m in extra:
                r = by_key[(cls, m, p)]
                print(f"| {label} | `{m}` | {fmt_time(r)} | {best(r):.1f} | {alloc(r)} | | | | | | |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/target/results/jmh.json")
