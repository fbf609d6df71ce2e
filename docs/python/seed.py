#!/usr/bin/env python3
"""The concbench seed programme: the Python cheat sheet's Pool.map, on the
same kernel as the Go strategies, so the two languages can be compared.

The kernel is x = (a+b)*const_value, then `work` rounds of the 64-bit LCG step
x = x*6364136223846793005 + 1442695040888963407, with wrapping uint64
arithmetic (masking with 0xFFFFFFFFFFFFFFFF), returned as a signed int64. With
work = 0 and the seed's inputs it gives [10000, 10200, ..., 13800].

Three variants, as in the cheat sheet:
  sequential  [f(a, b) for a, b in pairs]
  partial     pool.map(functools.partial(f, const_value=100), pairs)
  callable    pool.map(Callable(const_value=100), pairs), __call__ reads self

Usage:
  seed.py                    print the seed's results for each variant
  seed.py seed [--n N] [--work W] [--const C] [--procs P]
                             the same as JSON lines, for any n, work, const
  seed.py time --n 100,10000 --work 0,100 --procs 1,2 [--count 6]
               [--min-time 0.1] [--const 100]
                             time each variant per (n, work, procs) and print
                             one JSON line per sample

Timing: one Pool per procs value is started before timing and reused, so a
sample times pool.map only (the chunk pickling, the pipes and the work), not
process start-up. Each case is calibrated once to take about --min-time per
sample, a warm-up round is discarded, then --count rounds run interleaved
(round-robin over every case and variant), so drift hits all alike.

Output lines (JSON objects, one per line, on stdout):
  {"kind": "info", "python": "3.11.7", "implementation": "CPython",
   "start_method": "fork", "cpu_count": 2}
  {"kind": "seed", "variant": "partial", "n": 20, "work": 0, "const": 100,
   "results": [10000, ...]}
  {"kind": "sample", "variant": "partial", "n": 100, "work": 0, "procs": 2,
   "iters": 37, "ns": 2861000}
where ns is the total time of iters calls of the variant on n items.

Interrupts: the first SIGINT, SIGTERM or SIGHUP stops the programme
quietly (exit 130) after the lines already printed, which stay whole; the
Pool workers leave interrupts to the parent, which terminates them, so no
process prints a traceback.
"""

import argparse
import functools
import json
import multiprocessing
import platform
import signal
import sys
import time

MASK = 0xFFFFFFFFFFFFFFFF
LCG_MUL = 6364136223846793005
LCG_ADD = 1442695040888963407
VARIANTS = ("sequential", "partial", "callable")
# The signals that interrupt a run: Ctrl-C, kill, a closed terminal.
STOP_SIGNALS = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]


def interrupt(signum, frame):
    """Turn the first stop signal into KeyboardInterrupt and ignore the
    rest, so that the clean-up after it is not itself interrupted."""
    for s in STOP_SIGNALS:
        signal.signal(s, signal.SIG_IGN)
    raise KeyboardInterrupt


def worker_init():
    """Pool initializer: a worker ignores interrupts and dies quietly on the
    SIGTERM of pool.terminate(); the parent handles the interrupt."""
    for s in STOP_SIGNALS:
        signal.signal(s, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def new_pool(procs):
    return multiprocessing.Pool(procs, initializer=worker_init)


def kernel(a, b, const_value=100, work=0):
    """(a+b)*const_value, then work LCG rounds, wrapping like Go's uint64."""
    x = ((a + b) * const_value) & MASK
    for _ in range(work):
        x = (x * LCG_MUL + LCG_ADD) & MASK
    return x - (1 << 64) if x >= 1 << 63 else x


def apply_pair(pair, const_value=100, work=0):
    """kernel for one (a, b) tuple: the function functools.partial binds."""
    return kernel(pair[0], pair[1], const_value, work)


class Callable:
    """The cheat sheet's callable class: the constant lives on the instance.

    __call__ only reads self. A __call__ that wrote to self (say, counting
    items) would update a pickled copy in each worker process, and the
    counts would be lost: see docs/cheatsheet.md.
    """

    def __init__(self, const_value=100, work=0):
        self.const_value = const_value
        self.work = work

    def __call__(self, pair):
        return kernel(pair[0], pair[1], self.const_value, self.work)


def pairs(n):
    """The seed's input pattern: (i, 100+i) for i in range(n)."""
    return [(i, 100 + i) for i in range(n)]


def run_variant(variant, pool, items, const_value, work):
    if variant == "sequential":
        return [kernel(a, b, const_value, work) for a, b in items]
    if variant == "partial":
        return pool.map(functools.partial(apply_pair, const_value=const_value, work=work), items)
    if variant == "callable":
        return pool.map(Callable(const_value, work), items)
    raise ValueError("unknown variant %r" % variant)


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def info():
    return {
        "kind": "info",
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "start_method": multiprocessing.get_start_method(),
        "cpu_count": multiprocessing.cpu_count(),
    }


def cmd_seed(args, as_json):
    items = pairs(args.n)
    with new_pool(args.procs) as pool:
        for variant in VARIANTS:
            out = run_variant(variant, pool, items, args.const, args.work)
            if as_json:
                emit({"kind": "seed", "variant": variant, "n": args.n, "work": args.work,
                      "const": args.const, "results": out})
            else:
                print("%-10s %s" % (variant, out))


def ints(text):
    vals = [int(v) for v in text.split(",") if v.strip()]
    if not vals:
        raise argparse.ArgumentTypeError("empty list")
    return vals


def cmd_time(args):
    emit(info())
    pools = {p: new_pool(p) for p in args.procs}
    try:
        cases = [(n, w, p, v) for n in args.n for w in args.work for p in args.procs for v in VARIANTS]
        inputs = {n: pairs(n) for n in args.n}

        def once(case, iters):
            n, w, p, v = case
            start = time.perf_counter_ns()
            for _ in range(iters):
                run_variant(v, pools[p], inputs[n], args.const, w)
            return time.perf_counter_ns() - start

        target = int(args.min_time * 1e9)
        iters = {}
        for case in cases:  # calibrate: double until a tenth of target, then scale
            k = 1
            ns = max(once(case, k), 1)
            while ns < target // 10:
                k *= 2
                ns = max(once(case, k), 1)
            iters[case] = max(1, -(-target * k // ns))
        for rnd in range(args.count + 1):  # round 0 is the warm-up
            for case in cases:
                ns = once(case, iters[case])
                if rnd == 0:
                    continue
                n, w, p, v = case
                emit({"kind": "sample", "variant": v, "n": n, "work": w, "procs": p,
                      "iters": iters[case], "ns": ns})
    finally:
        for pool in pools.values():
            pool.terminate()
            pool.join()


def main(argv):
    parser = argparse.ArgumentParser(description="The concbench seed programme in Python.")
    sub = parser.add_subparsers(dest="cmd")
    seed = sub.add_parser("seed", help="print each variant's results as JSON lines")
    seed.add_argument("--n", type=int, default=20)
    seed.add_argument("--work", type=int, default=0)
    seed.add_argument("--const", type=int, default=100)
    seed.add_argument("--procs", type=int, default=2)
    tm = sub.add_parser("time", help="time each variant, one JSON line per sample")
    tm.add_argument("--n", type=ints, required=True, help="comma-separated sizes")
    tm.add_argument("--work", type=ints, default=[0], help="comma-separated work values")
    tm.add_argument("--procs", type=ints, default=[multiprocessing.cpu_count()],
                    help="comma-separated pool sizes")
    tm.add_argument("--count", type=int, default=6, help="samples per case (6 is the fewest for a 95%% CI of the median)")
    tm.add_argument("--min-time", type=float, default=0.1, help="seconds per sample")
    tm.add_argument("--const", type=int, default=100)
    args = parser.parse_args(argv)
    if args.cmd is None:
        args = parser.parse_args(["seed"])
        cmd_seed(args, as_json=False)
    elif args.cmd == "seed":
        cmd_seed(args, as_json=True)
    else:
        if min(args.n) < 1 or min(args.work) < 0 or min(args.procs) < 1 or args.count < 1:
            parser.error("--n and --procs must be positive, --work non-negative, --count >= 1")
        cmd_time(args)
    return 0


if __name__ == "__main__":
    for s in STOP_SIGNALS:
        signal.signal(s, interrupt)
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
