#!/usr/bin/env python3
"""Answers the cheat sheet's question "is the constant copied per task or per
process?" by counting: how many times Pool.map pickles the callable (and so
the constant inside it), and what happens to a __call__ that mutates self.

Run: python3 docs/python/pickles.py [n] [procs]   (defaults 1000 and 2)
"""

import functools
import multiprocessing
import os
import sys

PICKLES = 0


class Const:
    """An int that counts how often it is pickled."""

    def __init__(self, value):
        self.value = value

    def __getstate__(self):
        global PICKLES
        PICKLES += 1
        return self.__dict__


def f(pair, const_value):
    return (pair[0] + pair[1]) * const_value.value


class Counting:
    """The unsafe callable: __call__ mutates self.items."""

    def __init__(self, const_value):
        self.const_value = const_value
        self.items = 0

    def __call__(self, pair):
        self.items += 1
        return os.getpid(), id(self), self.items


def main(n, procs):
    global PICKLES
    pairs = [(i, 100 + i) for i in range(n)]
    chunksize = -(-n // (4 * procs))  # Pool.map's default
    chunks = -(-n // chunksize)
    print("n=%d procs=%d: Pool.map's default chunksize is %d, so %d chunk tasks" % (n, procs, chunksize, chunks))
    with multiprocessing.Pool(procs) as pool:
        PICKLES = 0
        pool.map(functools.partial(f, const_value=Const(100)), pairs)
        print("functools.partial: the constant was pickled %d times (%s)"
              % (PICKLES, "once per chunk task" if PICKLES == chunks else "chunk tasks: %d" % chunks))

        PICKLES = 0
        worker = Counting(Const(100))
        out = pool.map(worker, pairs)
        copies = len({(pid, ident) for pid, ident, _ in out})
        print("callable class: the constant was pickled %d times, into %d separate copies of the instance" % (PICKLES, copies))
        print("callable class: the parent's worker.items after the map is %d, not %d: "
              "each copy counted its own chunk (at most %d) and was thrown away"
              % (worker.items, n, max(items for _, _, items in out)))


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args + [1000, 2][len(args):]))
