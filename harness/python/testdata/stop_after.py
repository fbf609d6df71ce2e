"""Test helper: `python3 stop_after.py SEED.PY ARGS...` runs the seed
programme at SEED.PY with ARGS as its own main block does, but after the
third sample it prints READY on stderr and sleeps until it is interrupted,
so that a test can interrupt it with samples finished. The Go tests run it
through a stand-in python3 on PATH."""

import importlib.util
import signal
import sys
import time

spec = importlib.util.spec_from_file_location("seed", sys.argv[1])
seed = importlib.util.module_from_spec(spec)
sys.modules["seed"] = seed  # so that Pool can pickle its functions
spec.loader.exec_module(seed)

emit, count = seed.emit, [0]


def stop_after(obj):
    emit(obj)
    if obj.get("kind") == "sample":
        count[0] += 1
        if count[0] == 3:
            print("READY", file=sys.stderr, flush=True)
            time.sleep(3600)


seed.emit = stop_after
for s in seed.STOP_SIGNALS:
    signal.signal(s, seed.interrupt)
try:
    sys.exit(seed.main(sys.argv[2:]))
except KeyboardInterrupt:
    sys.exit(130)
