#!/usr/bin/env python3
"""The concbench seed programme: the Python cheat sheet's Pool.map, on the
same kernel as the Go strategies, so the two languages can be compared.

The kernel is x = (a+b)*const_value, then `work` rounds of the 64-bit LCG step
x = x*6364136223846793005 + 1442695040888963407, with wrapping uint64
arithmetic (masking with 0xFFFFFFFFFFFFFFFF), returned as a signed int64. With
work = 0 and the seed's inputs it gives [10000, 10200, ..., 13800].

Four variants: three as in the cheat sheet, and the same partial on threads:
  sequential  [f(a, b) for a, b in pairs]
  partial     pool.map(functools.partial(f, const_value=100), pairs)
  callable    pool.map(Callable(const_value=100), pairs), __call__ reads self
  threads     ThreadPool(processes).map(functools.partial(f, const_value=100), pairs):
              one process, so the GIL lets one thread compute at a time,
              but a thread that waits (time.sleep, a socket) lets go of it

A wait per item (--wait-ns) makes every variant sleep that long after each
item's work, as if for a reply over the network: the I/O-bound case, where
threads are as good as processes and far cheaper.

Usage:
  seed.py                    print the seed's results for each variant
  seed.py seed [--n N] [--work W] [--wait-ns D] [--const C] [--procs P]
                             the same as JSON lines, for any n, work, wait, const
  seed.py time --n 100,10000 --work 0,100 --procs 1,2 [--workers 0,16]
               [--wait-ns 0,1000000] [--count 6] [--sample-time 0.1] [--const 100]
                             time each variant per (n, work, wait, procs,
                             workers) and print one JSON line per sample;
                             a pool has `workers` processes or threads, or
                             `procs` for workers 0, and sequential is timed
                             at the first workers value only

Timing: one Pool and one ThreadPool per pool size are started before timing
and reused, so a sample times map only (for processes the chunk pickling,
the pipes and the work), not start-up. Each case is calibrated once to take
about --sample-time per sample, a warm-up round is discarded, then --count
rounds run interleaved (round-robin over every case and variant), so drift
hits all alike.

Output lines (JSON objects, one per line, on stdout):
  {"kind": "info", "python": "3.11.7", "implementation": "CPython",
   "start_method": "fork", "cpu_count": 2}
  {"kind": "seed", "variant": "partial", "n": 20, "work": 0, "wait_ns": 0,
   "const": 100, "results": [10000, ...]}
  {"kind": "sample", "variant": "partial", "n": 100, "work": 0, "wait_ns": 0,
   "procs": 2, "workers": 2, "iters": 37, "ns": 2861000}
where ns is the total time of iters calls of the variant on n items, and
workers is the pool's size.

Interrupts: the first SIGINT, SIGTERM or SIGHUP stops the programme
quietly (exit 130) after the lines already printed, which stay whole; the
Pool workers leave interrupts to the parent, which terminates them, so no
process prints a traceback.
"""

import argparse
import functools
import json
import multiprocessing
import multiprocessing.pool
import platform
import signal
import sys
import time

MASK = 0xFFFFFFFFFFFFFFFF
LCG_MUL = 6364136223846793005
LCG_ADD = 1442695040888963407
VARIANTS = ("sequential", "partial", "callable", "threads")
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


def waiting_pair(pair, const_value=100, work=0, wait=0.0):
    """apply_pair, then a wait of `wait` seconds, as if for a reply over the
    network. A thread that sleeps lets go of the GIL, so waits overlap on
    threads as they do on processes. (A function of its own, so that the
    CPU-bound kernel pays nothing for waits it does not have.)"""
    x = kernel(pair[0], pair[1], const_value, work)
    time.sleep(wait)
    return x


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


class WaitingCallable(Callable):
    """Callable, then a wait of self.wait seconds after each item."""

    def __init__(self, const_value=100, work=0, wait=0.0):
        super().__init__(const_value, work)
        self.wait = wait

    def __call__(self, pair):
        x = kernel(pair[0], pair[1], self.const_value, self.work)
        time.sleep(self.wait)
        return x


def pairs(n):
    """The seed's input pattern: (i, 100+i) for i in range(n)."""
    return [(i, 100 + i) for i in range(n)]


def run_variant(variant, pools, items, const_value, work, wait=0.0):
    """Map the kernel over items as variant does; pools is (a Pool, a
    ThreadPool) of the same size; wait is in seconds."""
    procs, threads = pools
    if variant == "sequential":
        if wait:
            return [waiting_pair(p, const_value, work, wait) for p in items]
        return [kernel(a, b, const_value, work) for a, b in items]
    if wait:
        fn = functools.partial(waiting_pair, const_value=const_value, work=work, wait=wait)
    else:
        fn = functools.partial(apply_pair, const_value=const_value, work=work)
    if variant == "partial":
        return procs.map(fn, items)
    if variant == "threads":
        return threads.map(fn, items)  # the same partial, on threads
    if variant == "callable":
        return procs.map(WaitingCallable(const_value, work, wait) if wait else Callable(const_value, work), items)
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
    with new_pool(args.procs) as pool, multiprocessing.pool.ThreadPool(args.procs) as threads:
        for variant in VARIANTS:
            out = run_variant(variant, (pool, threads), items, args.const, args.work, args.wait_ns / 1e9)
            if as_json:
                emit({"kind": "seed", "variant": variant, "n": args.n, "work": args.work,
                      "wait_ns": args.wait_ns, "const": args.const, "results": out})
            else:
                print("%-10s %s" % (variant, out))


def ints(text):
    vals = [int(v) for v in text.split(",") if v.strip()]
    if not vals:
        raise argparse.ArgumentTypeError("empty list")
    return vals


def pool_sizes(procs, workers):
    """The pool size of each (procs, workers) case, workers 0 meaning
    procs, each size once per procs value, in order."""
    out = []
    for p in procs:
        seen = []
        for k in workers:
            size = k or p
            if size not in seen:
                seen.append(size)
                out.append((p, size))
    return out


def cmd_time(args):
    emit(info())
    sizes = pool_sizes(args.procs, args.workers)
    pools = {}
    try:
        for _, size in sizes:
            if size not in pools:
                pools[size] = (new_pool(size), multiprocessing.pool.ThreadPool(size))
        # Sequential ignores the pool: it is timed with the first size of
        # each procs value only, as the Go harness times it.
        cases = [(n, w, d, p, size, v)
                 for n in args.n for w in args.work for d in args.wait_ns
                 for p, size in sizes for v in VARIANTS
                 if v != "sequential" or size == (args.workers[0] or p)]
        inputs = {n: pairs(n) for n in args.n}

        def once(case, iters):
            n, w, d, p, size, v = case
            start = time.perf_counter_ns()
            for _ in range(iters):
                run_variant(v, pools[size], inputs[n], args.const, w, d / 1e9)
            return time.perf_counter_ns() - start

        target = int(args.sample_time * 1e9)
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
                n, w, d, p, size, v = case
                emit({"kind": "sample", "variant": v, "n": n, "work": w, "wait_ns": d, "procs": p,
                      "workers": size, "iters": iters[case], "ns": ns})
    finally:
        for pair in pools.values():
            for pool in pair:
                pool.terminate()
                pool.join()


def main(argv):
    parser = argparse.ArgumentParser(description="The concbench seed programme in Python.")
    sub = parser.add_subparsers(dest="cmd")
    seed = sub.add_parser("seed", help="print each variant's results as JSON lines")
    seed.add_argument("--n", type=int, default=20)
    seed.add_argument("--work", type=int, default=0)
    seed.add_argument("--wait-ns", type=int, default=0, help="wait per item, in nanoseconds")
    seed.add_argument("--const", type=int, default=100)
    seed.add_argument("--procs", type=int, default=2)
    tm = sub.add_parser("time", help="time each variant, one JSON line per sample")
    tm.add_argument("--n", type=ints, required=True, help="comma-separated sizes")
    tm.add_argument("--work", type=ints, default=[0], help="comma-separated work values")
    tm.add_argument("--procs", type=ints, default=[multiprocessing.cpu_count()],
                    help="comma-separated pool sizes")
    tm.add_argument("--workers", type=ints, default=[0],
                    help="comma-separated pool sizes per procs value, 0 meaning procs")
    tm.add_argument("--wait-ns", type=ints, default=[0],
                    help="comma-separated waits per item, in nanoseconds")
    tm.add_argument("--count", type=int, default=6, help="samples per case (6 is the fewest for a 95%% CI of the median)")
    tm.add_argument("--sample-time", type=float, default=0.1, help="seconds per sample")
    tm.add_argument("--const", type=int, default=100)
    args = parser.parse_args(argv)
    if args.cmd is None:
        args = parser.parse_args(["seed"])
        cmd_seed(args, as_json=False)
    elif args.cmd == "seed":
        cmd_seed(args, as_json=True)
    else:
        if (min(args.n) < 1 or min(args.work) < 0 or min(args.procs) < 1 or args.count < 1
                or min(args.workers) < 0 or min(args.wait_ns) < 0):
            parser.error("--n and --procs must be positive, --work, --workers and --wait-ns non-negative, --count >= 1")
        cmd_time(args)
    return 0


if __name__ == "__main__":
    for s in STOP_SIGNALS:
        signal.signal(s, interrupt)
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
