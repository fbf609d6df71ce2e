package harness

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"slices"
	"time"

	"github.com/concbench/concbench/strategies"
)

// RunFunc is Run for a user's own per-item function: it measures f over
// prefixes of the user's items, in[:n] for every n of cfg.Sizes, with every
// strategy of cfg.Strategies, through strategies.MapFunc, with Run's
// sampler (the check against sequential, calibration, interleaved rounds,
// the precision target and the budget), and writes the same results file,
// which concbench report reads as it reads any run: the verdict, speedups,
// efficiency and break-even n are then f's.
//
// The cases are named as Run's, with work=0: the work is f's. A zero field
// of cfg means what it means for Run, except that nil Strategies means
// FuncStrategies and nil Sizes means Ladder(len(in)). Works and Waits
// describe the seed's kernel and must be nil; a size above len(in), a
// strategy that runs only the seed's kernel (see strategies.RunsFunc) or
// no items at all is an error wrapping ErrConfig, and nothing runs. The
// configuration lines name f in place of the seed's kernel.
//
// Every result is compared with sequential's (reflect.DeepEqual, item by
// item) before anything is timed; a difference is an error wrapping
// ErrMismatch, and so is an error from f. The rest is as for Run: cfg's
// strategies are closed when RunFunc returns, ctx cancels, and every
// sample is written as soon as it is taken.
func RunFunc[T, R any](ctx context.Context, cfg Config, in []T, f strategies.Func[T, R], w io.Writer) (Totals, error) {
	cfg, err := funcConfig(cfg, len(in), funcName(f))
	if err != nil {
		return Totals{}, err
	}
	ss := cfg.Strategies
	cases := cfg.cases(ss)
	return run(ctx, newRunner(cfg, ss, cases, newFuncWork(in, f)), w)
}

// FuncStrategies returns every strategy that runs a user's function, then
// the references loop and limit (see strategies.RunsFunc), new on every
// call: the default of RunFunc and Bench. Whoever calls it closes the
// values that implement io.Closer.
func FuncStrategies() []strategies.Strategy {
	var ss []strategies.Strategy
	for _, s := range everything() {
		if strategies.RunsFunc(s) {
			ss = append(ss, s)
		}
	}
	return ss
}

// Ladder returns the sizes RunFunc and Bench measure by default for
// items items: the decades from 100 below items, then items itself
// ([100 1000 10000 50000] for 50000), or just items when there are 100
// or fewer. A speedup is read along the ladder, and the break-even n is
// one of its rungs.
func Ladder(items int) []int {
	var sizes []int
	for n := 100; n < items; n *= 10 {
		sizes = append(sizes, n)
	}
	return append(sizes, items)
}

// funcConfig fills in cfg for a RunFunc over items items of the function
// named name, and validates it.
func funcConfig(cfg Config, items int, name string) (Config, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
	}
	if cfg.Works != nil || cfg.Waits != nil || cfg.WorkTimes != nil || cfg.Skews != nil {
		return Config{}, bad("works, work times, waits and skews describe the seed's kernel; a user's function does its own work")
	}
	if items == 0 {
		return Config{}, bad("no items to map")
	}
	if cfg.Sizes == nil {
		cfg.Sizes = Ladder(items)
	}
	if cfg.Strategies == nil {
		cfg.Strategies = FuncStrategies()
	}
	cfg.Works, cfg.Waits = []int{0}, []time.Duration{0}
	cfg.Labels = append([]Label{
		{"kernel", "the user's function " + name + ", over a prefix of the user's items"},
		{"const", "none"},
	}, cfg.Labels...)
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	if n := slices.Max(cfg.Sizes); n > items {
		return Config{}, bad("size %d is above the %d items given", n, items)
	}
	for _, s := range cfg.Strategies {
		if !strategies.RunsFunc(s) {
			return Config{}, bad("strategy %s runs only the seed's kernel (see concbench list)", s.Name())
		}
	}
	return cfg, nil
}

// funcName returns f's name as the runtime knows it
// ("example.com/m.hashRecord", "example.com/m.BenchmarkX.func1").
func funcName(f any) string {
	if fn := runtime.FuncForPC(reflect.ValueOf(f).Pointer()); fn != nil {
		return fn.Name()
	}
	return "(unknown)"
}
