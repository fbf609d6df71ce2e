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

Uneven work (--skew, with --rounds-file) gives each item its own rounds,
from tables the Go harness writes (casekey's Skew.Rounds: the same total
work at every skew), carried in the items as (a, b, rounds). --chunksize
times Pool.map and ThreadPool.map with the given chunksize, 0 meaning
their default, ceil(n / (4 * pool size)): with few big chunks, a chunk of
heavy items holds up the map; chunksize=1 deals items one at a time.

Usage:
  seed.py                    print the seed's results for each variant
  seed.py seed [--n N] [--work W] [--wait-ns D] [--const C] [--procs P]
               [--skew S --rounds-file F]
                             the same as JSON lines, for any n, work, wait, const
                             and skew
  seed.py time --n 100,10000 --work 0,100 --procs 1,2 [--workers 0,16]
               [--wait-ns 0,1000000] [--count 6] [--sample-time 0.1] [--const 100]
               [--skew uniform,increasing --rounds-file F] [--chunksize 0,1]
                             time each variant per (n, work, skew, wait,
                             procs, workers, chunksize) and print one JSON
                             line per sample; a pool has `workers`
                             processes or threads, or `procs` for workers 0,
                             and sequential is timed at the first workers
                             and chunksize values only

A rounds file is JSON: {"SKEW": {"WORK": [rounds of item 0, 1, ...]}} for
each skew other than uniform and each work, at the one n of the call.

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
   "procs": 2, "workers": 2, "skew": "uniform", "chunk": 0, "iters": 37,
   "ns": 2861000}
where ns is the total time of iters calls of the variant on n items,
workers is the pool's size and chunk the chunksize (0: map's default).

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
SKEWS = ("uniform", "increasing", "heavy-tail", "straggler")
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


def apply_skewed(item, const_value=100):
    """kernel for one (a, b, rounds) item of uneven work: the item carries
    its own rounds. (A function of its own, so that even work pays nothing
    for it.)"""
    return kernel(item[0], item[1], const_value, item[2])


def waiting_pair(pair, const_value=100, work=0, wait=0.0):
    """apply_pair, then a wait of `wait` seconds, as if for a reply over the
    network. A thread that sleeps lets go of the GIL, so waits overlap on
    threads as they do on processes. (A function of its own, so that the
    CPU-bound kernel pays nothing for waits it does not have.) work None
    means the item's own rounds, for uneven work."""
    x = kernel(pair[0], pair[1], const_value, pair[2] if work is None else work)
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


class SkewedCallable(Callable):
    """Callable for (a, b, rounds) items of uneven work."""

    def __call__(self, item):
        return kernel(item[0], item[1], self.const_value, item[2])


class WaitingCallable(Callable):
    """Callable, then a wait of self.wait seconds after each item; work
    None means the item's own rounds."""

    def __init__(self, const_value=100, work=0, wait=0.0):
        super().__init__(const_value, work)
        self.wait = wait

    def __call__(self, pair):
        x = kernel(pair[0], pair[1], self.const_value, pair[2] if self.work is None else self.work)
        time.sleep(self.wait)
        return x


def pairs(n, rounds=None):
    """The seed's input pattern: (i, 100+i) for i in range(n), or
    (i, 100+i, rounds[i]) for uneven work."""
    if rounds is None:
        return [(i, 100 + i) for i in range(n)]
    return [(i, 100 + i, rounds[i]) for i in range(n)]


def run_variant(variant, pools, items, const_value, work, wait=0.0, chunksize=0):
    """Map the kernel over items as variant does; pools is (a Pool, a
    ThreadPool) of the same size; wait is in seconds; work None means
    uneven work, each item's own rounds; chunksize 0 is map's default."""
    procs, threads = pools
    chunk = chunksize or None
    if variant == "sequential":
        if wait:
            return [waiting_pair(p, const_value, work, wait) for p in items]
        if work is None:
            return [kernel(a, b, const_value, w) for a, b, w in items]
        return [kernel(a, b, const_value, work) for a, b in items]
    if wait:
        fn = functools.partial(waiting_pair, const_value=const_value, work=work, wait=wait)
    elif work is None:
        fn = functools.partial(apply_skewed, const_value=const_value)
    else:
        fn = functools.partial(apply_pair, const_value=const_value, work=work)
    if variant == "partial":
        return procs.map(fn, items, chunk)
    if variant == "threads":
        return threads.map(fn, items, chunk)  # the same partial, on threads
    if variant == "callable":
        if wait:
            call = WaitingCallable(const_value, work, wait)
        elif work is None:
            call = SkewedCallable(const_value)
        else:
            call = Callable(const_value, work)
        return procs.map(call, items, chunk)
    raise ValueError("unknown variant %r" % variant)


def read_rounds(path):
    """The rounds file: {skew: {work: [rounds]}} with int work keys."""
    if not path:
        return {}
    with open(path) as f:
        return {skew: {int(w): r for w, r in works.items()} for skew, works in json.load(f).items()}


def inputs_for(n, skew, work, rounds):
    """The items and the work argument of run_variant for a case."""
    if skew == "uniform":
        return pairs(n), work
    return pairs(n, rounds[skew][work]), None


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


def shut(pools, finished):
    """Stop pools: a finished run closes them and waits for their workers
    to take the sentinel and leave; an interrupted or failed one
    terminates them. Not Pool's `with`, whose exit always terminates: its
    terminate() takes the task queue's lock, which an idle worker holds
    while it waits for a task, and a run that hung for a minute about once
    in fifty under load was stuck there."""
    for pool in pools:
        if finished:
            pool.close()
        else:
            pool.terminate()
        pool.join()


def cmd_seed(args, as_json):
    items, work = inputs_for(args.n, args.skew, args.work, read_rounds(args.rounds_file))
    pools, finished = (new_pool(args.procs), multiprocessing.pool.ThreadPool(args.procs)), False
    try:
        for variant in VARIANTS:
            out = run_variant(variant, pools, items, args.const, work, args.wait_ns / 1e9)
            if as_json:
                emit({"kind": "seed", "variant": variant, "n": args.n, "work": args.work, "skew": args.skew,
                      "wait_ns": args.wait_ns, "const": args.const, "results": out})
            else:
                print("%-10s %s" % (variant, out))
        finished = True
    finally:
        shut(pools, finished)


def skews(text):
    vals = [v.strip() for v in text.split(",") if v.strip()]
    if not vals or any(v not in SKEWS for v in vals):
        raise argparse.ArgumentTypeError("want comma-separated skews: " + ", ".join(SKEWS))
    return vals


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
    pools, finished = {}, False
    try:
        for _, size in sizes:
            if size not in pools:
                pools[size] = (new_pool(size), multiprocessing.pool.ThreadPool(size))
        # Sequential ignores the pool and its chunks: it is timed with the
        # first size of each procs value and the first chunksize only, as
        # the Go harness times it.
        cases = [(n, w, sk, d, p, size, c, v)
                 for n in args.n for w in args.work for sk in args.skew for d in args.wait_ns
                 for p, size in sizes for c in args.chunksize for v in VARIANTS
                 if v != "sequential" or (size == (args.workers[0] or p) and c == args.chunksize[0])]
        rounds = read_rounds(args.rounds_file)
        inputs = {(n, w, sk): inputs_for(n, sk, w, rounds)
                  for n in args.n for w in args.work for sk in args.skew}

        def once(case, iters):
            n, w, sk, d, p, size, c, v = case
            items, work = inputs[(n, w, sk)]
            start = time.perf_counter_ns()
            for _ in range(iters):
                run_variant(v, pools[size], items, args.const, work, d / 1e9, c)
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
                n, w, sk, d, p, size, c, v = case
                emit({"kind": "sample", "variant": v, "n": n, "work": w, "wait_ns": d, "procs": p,
                      "workers": size, "skew": sk, "chunk": 0 if v == "sequential" else c,
                      "iters": iters[case], "ns": ns})
        finished = True
    finally:
        shut([pool for pair in pools.values() for pool in pair], finished)


def main(argv):
    parser = argparse.ArgumentParser(description="The concbench seed programme in Python.")
    sub = parser.add_subparsers(dest="cmd")
    seed = sub.add_parser("seed", help="print each variant's results as JSON lines")
    seed.add_argument("--n", type=int, default=20)
    seed.add_argument("--work", type=int, default=0)
    seed.add_argument("--wait-ns", type=int, default=0, help="wait per item, in nanoseconds")
    seed.add_argument("--const", type=int, default=100)
    seed.add_argument("--procs", type=int, default=2)
    seed.add_argument("--skew", choices=SKEWS, default="uniform")
    seed.add_argument("--rounds-file", default="", help="the rounds of each item for a skew other than uniform")
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
    tm.add_argument("--skew", type=skews, default=["uniform"], help="comma-separated skews: " + ", ".join(SKEWS))
    tm.add_argument("--rounds-file", default="", help="the rounds of each item for the skews other than uniform")
    tm.add_argument("--chunksize", type=ints, default=[0],
                    help="comma-separated chunksizes of map, 0 meaning its default")
    args = parser.parse_args(argv)
    if args.cmd is None:
        args = parser.parse_args(["seed"])
        cmd_seed(args, as_json=False)
    elif args.cmd == "seed":
        cmd_seed(args, as_json=True)
    else:
        if (min(args.n) < 1 or min(args.work) < 0 or min(args.procs) < 1 or args.count < 1
                or min(args.workers) < 0 or min(args.wait_ns) < 0 or min(args.chunksize) < 0):
            parser.error("--n and --procs must be positive, --work, --workers, --wait-ns and --chunksize non-negative, --count >= 1")
        cmd_time(args)
    return 0


if __name__ == "__main__":
    for s in STOP_SIGNALS:
        signal.signal(s, interrupt)
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
