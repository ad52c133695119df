#!/usr/bin/env python3
"""Hot methods from `jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample FILE` output (JDK 17 has
no `jfr view`). Native samples (a thread inside a native method, e.g. a syscall) are reported as their own
thread group "<thread> [in native]"; JFR takes them at a different period (profile: 20 ms vs 10 ms).

Prints, per thread group and overall, the methods most often on top of the stack (self samples) and the
methods most often anywhere on the stack (total samples, each method counted once per sample).
usage: jfr-hot.py SAMPLES.txt [TOP]
"""
import collections
import re
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
samples = []  # (thread, [frames top first])
thread = None
frames = None
with open(path) as f:
    for line in f:
        s = line.strip()
        if s.startswith("jdk.ExecutionSample") or s.startswith("jdk.NativeMethodSample"):
            thread, frames = None, None
            kind = "native" if "Native" in s else "java"
        elif s.startswith("sampledThread"):
            m = re.search(r'"([^"]*)"', s)
            thread = m.group(1) if m else "?"
        elif s.startswith("stackTrace = ["):
            frames = []
        elif frames is not None and s == "]":
            samples.append((thread + (" [in native]" if kind == "native" else ""), frames))
            frames = None
        elif frames is not None and s and s != "...":
            frames.append(re.sub(r"\s+line:.*$", "", s))


def group(t):
    return re.sub(r"-?\d+$", "-N", t or "?")


def report(title, subset):
    n = len(subset)
    print(f"## {title}: {n} samples\n")
    if n == 0:
        return
    self_c = collections.Counter(fr[0] for _, fr in subset if fr)
    total_c = collections.Counter()
    for _, fr in subset:
        total_c.update(set(fr))
    print("| self % | method (top of stack) |\n|---|---|")
    for m, c in self_c.most_common(top):
        print(f"| {100.0 * c / n:.1f} | `{m}` |")
    print("\n| total % | method (anywhere on the stack) |\n|---|---|")
    for m, c in total_c.most_common(top):
        print(f"| {100.0 * c / n:.1f} | `{m}` |")
    print()


threads = collections.Counter(group(t) for t, _ in samples)
print("## samples by thread\n\n| thread | samples |\n|---|---|")
for t, c in threads.most_common():
    print(f"| {t} | {c} |")
print()
report("all threads", samples)
# the forwarding threads, Java and native samples apart
for t, _ in threads.most_common():
    if "worker" in t:
        report(f"thread {t}", [x for x in samples if group(x[0]) == t])
