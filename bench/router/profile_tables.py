#!/usr/bin/env python3
"""Tables from a JFR recording printed with `jfr print --json` (see profile.sh): self and inclusive CPU samples,
allocation by class, GC pauses."""
import collections
import json
import sys

OURS = "io.switchboard."


def frame_name(frame):
    method = frame["method"]
    # Classes print as io/netty/..., hidden (lambda) classes as io.switchboard...$$Lambda: one spelling.
    return method["type"]["name"].replace("/", ".") + "." + method["name"]


def main(path, top):
    with open(path) as f:
        events = json.load(f)["recording"]["events"]
    own = collections.Counter()
    inclusive = collections.Counter()
    threads = collections.Counter()
    samples = 0
    alloc = collections.Counter()
    alloc_site = collections.Counter()
    pauses = []
    for e in events:
        kind = e["type"]
        v = e["values"]
        if kind == "jdk.ExecutionSample":
            frames = (v.get("stackTrace") or {}).get("frames") or []
            if not frames:
                continue
            samples += 1
            threads[(v.get("sampledThread") or {}).get("javaName") or "?"] += 1
            own[frame_name(frames[0])] += 1
            for name in {frame_name(fr) for fr in frames if frame_name(fr).startswith(OURS)}:
                inclusive[name] += 1
        elif kind == "jdk.ObjectAllocationSample":
            cls = (v.get("objectClass") or {}).get("name", "?")
            weight = v.get("weight", 0)
            alloc[cls] += weight
            frames = (v.get("stackTrace") or {}).get("frames") or []
            site = next((frame_name(fr) for fr in frames if frame_name(fr).startswith(OURS)), "(not ours)")
            alloc_site[site] += weight
        elif kind == "jdk.GarbageCollection":
            pauses.append(parse_ms(v.get("sumOfPauses", "0")))

    def table(title, counter, total, unit):
        print(f"{title}")
        print(f"| {'share':>6} | {unit:>10} | name |")
        print("|-------:|-----------:|------|")
        for name, n in counter.most_common(top):
            print(f"| {100 * n / total:5.1f}% | {fmt(n, unit):>10} | {name} |")
        print()

    if samples:
        table(f"Own CPU samples ({samples} in all)", own, samples, "samples")
        table("Switchboard frames, inclusive (the frame and everything it calls)", inclusive, samples, "samples")
        table("Threads", threads, samples, "samples")
    total_alloc = sum(alloc.values())
    if total_alloc:
        table(f"Allocation by class (sampled weight, {total_alloc / 2**20:.0f} MiB in all)", alloc, total_alloc, "MiB")
        table("Allocation by the nearest Switchboard frame", alloc_site, total_alloc, "MiB")
    if pauses:
        pauses.sort()
        print(f"GC: {len(pauses)} collections, pause p50 {pauses[len(pauses) // 2]:.2f} ms, max {pauses[-1]:.2f} ms, "
              f"{sum(pauses):.0f} ms in all")


def fmt(n, unit):
    return f"{n / 2**20:.1f}" if unit == "MiB" else str(n)


def parse_ms(text):
    """JFR prints durations such as "PT0.000612S" or "612 us"; return milliseconds."""
    text = str(text)
    if text.startswith("PT") and text.endswith("S"):
        return float(text[2:-1]) * 1000
    number, _, unit = text.partition(" ")
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1, "s": 1000}.get(unit, 1)
    return float(number) * scale


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25)
