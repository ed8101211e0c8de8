"""What every benchmark prints first: the machine it ran on (numbers mean little without it)."""

import os
import platform
import sqlite3
import statistics
import time


def machine() -> str:
    cpu = "?"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        mem_kb = int(fh.readline().split()[1])
    load = os.getloadavg()
    return (f"{os.cpu_count()} CPU ({cpu}), {mem_kb / 1024 / 1024:.0f} GiB RAM, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, load average lúc bắt đầu {load[0]:.1f}")


def cpu_probe(repeat: int = 5) -> float:
    """Seconds for a fixed pure-Python loop (median of ``repeat``): this VM's CPU speed moves by ±30% from
    minute to minute, so timings are printed with it (≈ 0,2 s with the project's Python when the host is quiet)."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        total = 0
        for i in range(3_000_000):
            total += i
        times.append(time.perf_counter() - began)
    return statistics.median(times)
