#!/usr/bin/env python3
"""The tables of docs/benchmarks.md (item 2) from the raw files of one bench/run-dataplane.sh run.

usage: dataplane-report.py RESULT_DIR
"""
import glob
import json
import os
import re
import statistics
import sys

d = sys.argv[1]
RTT = re.compile(r"icmp_seq=(\d+) ttl=(\d+) time=([\d.]+) ms")


def pct(values, p):
    """Nearest-rank percentile."""
    v = sorted(values)
    if not v:
        return float("nan")
    k = max(0, min(len(v) - 1, int(-(-p * len(v) // 100)) - 1))
    return v[k]


def rounds(topo, suffix):
    return sorted(glob.glob(os.path.join(d, f"{topo}-r*-{suffix}")))


def rnd(path):
    return int(re.search(r"-r(\d+)-", os.path.basename(path)).group(1))


def ping_stats(path):
    rtts = []
    sent = 0
    for line in open(path):
        m = RTT.search(line)
        if m and int(m.group(1)) > 1:  # seq 1 is a new flow: measured separately
            rtts.append(float(m.group(3)) * 1000)
        m2 = re.search(r"(\d+) packets transmitted, (\d+) received", line)
        if m2:
            sent, got = int(m2.group(1)), int(m2.group(2))
    return {"p50": pct(rtts, 50), "p99": pct(rtts, 99), "n": len(rtts), "sent": sent}


def first_stats(path):
    extras, firsts, rests = [], [], []
    for block in open(path).read().split("----"):
        seqs = {}
        for m in RTT.finditer(block):
            seqs[int(m.group(1))] = float(m.group(3)) * 1000
        if 1 in seqs and len(seqs) >= 3:
            rest = statistics.median(v for k, v in seqs.items() if k > 1)
            extras.append(seqs[1] - rest)
            firsts.append(seqs[1])
            rests.append(rest)
    return {
        "n": len(extras),
        "p50": pct(extras, 50),
        "p99": pct(extras, 99),
        "max": max(extras) if extras else float("nan"),
        "first_p50": pct(firsts, 50),
        "rest_p50": pct(rests, 50),
        "extras": extras,
    }


def udp_stats(path):
    try:
        j = json.load(open(path))
    except Exception as e:  # noqa: BLE001
        return {"error": f"unreadable: {e}"}
    if "error" in j:
        return {"error": j["error"]}
    s = j["end"]["sum"]
    secs = s["seconds"]
    return {
        "tx": s["packets"] / secs,
        "rx": (s["packets"] - s["lost_packets"]) / secs,
        "lost": s["lost_percent"],
    }


def tcp_stats(path):
    try:
        j = json.load(open(path))
    except Exception as e:  # noqa: BLE001
        return {"error": f"unreadable: {e}"}
    if "error" in j:
        return {"error": j["error"]}
    return {
        "gbps": j["end"]["sum_received"]["bits_per_second"] / 1e9,
        "retr": j["end"]["sum_sent"].get("retransmits", 0),
    }


def ratio(a, b):
    try:
        return f"{a / b:.2f}"
    except (ZeroDivisionError, TypeError):
        return "n/a"


def med(xs):
    xs = [x for x in xs if isinstance(x, (int, float)) and x == x]
    return statistics.median(xs) if xs else float("nan")


print(f"### Raw results: `{d}`\n")
print("Load average (1, 5, 15 min) during the run:\n")
print("```")
print(open(os.path.join(d, "load.txt")).read().rstrip())
print("```\n")

R = sorted({rnd(p) for p in rounds("k", "ping.txt")})
rows = []
if R:
    print("| round | measure | kernel hub | vth | vth / kernel |\n|---|---|---|---|---|")
agg = {}
for r in R:
    k = {x: f"{d}/k-r{r}-{x}" for x in ("ping.txt", "first.txt", "udp.json", "tcp.json")}
    v = {x: f"{d}/v-r{r}-{x}" for x in ("ping.txt", "first.txt", "udp.json", "tcp.json")}
    ku, vu = udp_stats(k["udp.json"]), udp_stats(v["udp.json"])
    kt, vt = tcp_stats(k["tcp.json"]), tcp_stats(v["tcp.json"])
    kp, vp = ping_stats(k["ping.txt"]), ping_stats(v["ping.txt"])
    kf, vf = first_stats(k["first.txt"]), first_stats(v["first.txt"])

    def cell(s, key, fmt):
        return s.get("error") or fmt.format(s[key])

    lines = [
        ("UDP 64 B received, kpps", cell(ku, "rx", "{:.0f}") if "error" in ku else f"{ku['rx']/1e3:.1f} (sent {ku['tx']/1e3:.1f}, {ku['lost']:.1f}% lost)",
         cell(vu, "rx", "{:.0f}") if "error" in vu else f"{vu['rx']/1e3:.1f} (sent {vu['tx']/1e3:.1f}, {vu['lost']:.1f}% lost)",
         ratio(vu.get("rx"), ku.get("rx"))),
        ("TCP goodput, Gbit/s", cell(kt, "gbps", "{:.3f}") if "error" in kt else f"{kt['gbps']:.3f} ({kt['retr']} retr.)",
         cell(vt, "gbps", "{:.3f}") if "error" in vt else f"{vt['gbps']:.3f} ({vt['retr']} retr.)",
         ratio(vt.get("gbps"), kt.get("gbps"))),
        ("ping RTT p50, us", f"{kp['p50']:.0f}", f"{vp['p50']:.0f}", ratio(vp["p50"], kp["p50"])),
        ("ping RTT p99, us", f"{kp['p99']:.0f}", f"{vp['p99']:.0f}", ratio(vp["p99"], kp["p99"])),
        ("first packet extra p50, us", f"{kf['p50']:.0f}", f"{vf['p50']:.0f}", "-"),
        (f"first packet extra p99 (of {vf['n']}), us", f"{kf['p99']:.0f}", f"{vf['p99']:.0f}", "-"),
    ]
    for name, a, b, q in lines:
        print(f"| {r} | {name} | {a} | {b} | {q} |")
    for key, val in (("k_udp", ku.get("rx")), ("v_udp", vu.get("rx")), ("k_tcp", kt.get("gbps")),
                     ("v_tcp", vt.get("gbps")), ("k_p50", kp["p50"]), ("v_p50", vp["p50"]),
                     ("k_p99", kp["p99"]), ("v_p99", vp["p99"])):
        agg.setdefault(key, []).append(val)
    agg.setdefault("k_first", []).extend(kf["extras"])
    agg.setdefault("v_first", []).extend(vf["extras"])

if not R:
    agg = None
if agg:
    print("\nAll rounds (median of the rounds; first packet: all new ids of all rounds pooled):\n")
    print("| measure | kernel hub | vth | vth / kernel | target |\n|---|---|---|---|---|")
    print(f"| UDP 64 B received, kpps | {med(agg['k_udp'])/1e3:.1f} | {med(agg['v_udp'])/1e3:.1f} | "
          f"{ratio(med(agg['v_udp']), med(agg['k_udp']))} | >= 1.0 |")
    print(f"| TCP goodput, Gbit/s | {med(agg['k_tcp']):.3f} | {med(agg['v_tcp']):.3f} | "
          f"{ratio(med(agg['v_tcp']), med(agg['k_tcp']))} | >= 0.5 |")
    print(f"| ping RTT p50, us | {med(agg['k_p50']):.0f} | {med(agg['v_p50']):.0f} | "
          f"{ratio(med(agg['v_p50']), med(agg['k_p50']))} | |")
    print(f"| ping RTT p99, us | {med(agg['k_p99']):.0f} | {med(agg['v_p99']):.0f} | "
          f"{ratio(med(agg['v_p99']), med(agg['k_p99']))} | |")
    kf, vf = agg["k_first"], agg["v_first"]
    print(f"| first packet extra p50, us | {pct(kf, 50):.0f} | {pct(vf, 50):.0f} | - | |")
    print(f"| first packet extra p99 ({len(vf)} new ids), us | {pct(kf, 99):.0f} | {pct(vf, 99):.0f} | - | <= 200 |")
    print(f"| first packet extra max, us | {max(kf) if kf else float('nan'):.0f} | {max(vf) if vf else float('nan'):.0f} | - | |")

print("\nLoopback ceiling (dedicated generator, 64 B inner UDP payload, 64 flows):\n")
print("| round | forwarder | sent kpps | received kpps | delivered |\n|---|---|---|---|---|")
bl = {}
for path in sorted(glob.glob(f"{d}/blast-*-r*.txt")):
    m = re.search(r"blast-(\w+)-r(\d+)", path)
    txt = open(path).read()
    res = re.search(r"sent_pps=(\d+) received_pps=(\d+) delivered=([\d.]+)", txt)
    if not res:
        print(f"| {m.group(2)} | {m.group(1)} | failed | | |")
        continue
    bl.setdefault(m.group(1), []).append(float(res.group(2)))
    print(f"| {m.group(2)} | {m.group(1)} | {float(res.group(1))/1e3:.1f} | {float(res.group(2))/1e3:.1f} | "
          f"{float(res.group(3))*100:.1f}% |")
for sfx in ("", "mmsg"):
    v, rl = "vth" + sfx, "relay" + sfx
    if v in bl and rl in bl:
        print(f"\nmedian received ({'sendmmsg' if sfx else 'plain'} generator): vth {med(bl[v])/1e3:.1f} kpps, "
              f"relay {med(bl[rl])/1e3:.1f} kpps, vth / relay = {ratio(med(bl[v]), med(bl[rl]))}")
