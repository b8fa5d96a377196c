#!/usr/bin/env python3
"""Run commands interleaved and compare their wall times, run by run.

On a noisy machine two benchmarks run one after the other see different
machines; run in turns (A B C, C B A, ...) they see the same one. For
each command this prints the median time and the median of its per-round
ratio to the first command's time.

    go build -o /tmp/precis . && go build -o /tmp/minimaltea ./scripts/minimaltea
    scripts/pair.py 150 /tmp/minimaltea '/tmp/precis list'
"""
import shlex, statistics, subprocess, sys, time

def run(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000

def main():
    if len(sys.argv) < 4:
        raise SystemExit("usage: pair.py ROUNDS COMMAND COMMAND...")
    rounds, cmds = int(sys.argv[1]), [shlex.split(c) for c in sys.argv[2:]]
    for c in cmds:  # warm the page cache
        for _ in range(3):
            run(c)
    times = [[] for _ in cmds]
    for r in range(rounds):
        order = range(len(cmds)) if r % 2 == 0 else reversed(range(len(cmds)))
        for k in order:
            times[k].append(run(cmds[k]))
    for k, c in enumerate(cmds):
        q = statistics.quantiles(times[k], n=4)
        ratio = statistics.median(t / f for t, f in zip(times[k], times[0]))
        print(f"{' '.join(c):<40} median {statistics.median(times[k]):6.1f} ms  "
              f"(quartiles {q[0]:.1f}-{q[2]:.1f})  x{ratio:.2f} the first")

if __name__ == "__main__":
    main()
