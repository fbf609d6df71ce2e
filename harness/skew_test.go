package harness_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/concbench/concbench/harness"
	"github.com/concbench/concbench/harness/casekey"
	"github.com/concbench/concbench/strategies"
)

// TestSkewAndChunkCases: every skew is a group of its own, each chunk a
// variant of the chunked shapes only, and Run checks every one against
// sequential at the same skew (real calls) before timing it.
func TestSkewAndChunkCases(t *testing.T) {
	cfg := harness.Config{
		Strategies: pick(t, "sequential", "static-partition", "errgroup", "persistent-pool"),
		Sizes:      []int{1000},
		Works:      []int{20},
		Skews:      []casekey.Skew{casekey.Uniform, casekey.Straggler},
		Chunks:     []int{0, 16},
		Procs:      []int{2},
		Count:      1,
		Precision:  -1,
		Labels:     fixedLabels,
		Meter:      fakeMeter,
	}
	var names []string
	for _, c := range cfg.Cases() {
		names = append(names, c.Name())
	}
	want := []string{
		"Map/strategy=sequential/n=1000/work=20-2",
		"Map/strategy=static-partition/n=1000/work=20-2",
		"Map/strategy=errgroup/n=1000/work=20-2",
		"Map/strategy=persistent-pool/n=1000/work=20-2",
		"Map/strategy=errgroup/n=1000/work=20/chunk=16-2",
		"Map/strategy=persistent-pool/n=1000/work=20/chunk=16-2",
		"Map/strategy=sequential/n=1000/work=20/skew=straggler-2",
		"Map/strategy=static-partition/n=1000/work=20/skew=straggler-2",
		"Map/strategy=errgroup/n=1000/work=20/skew=straggler-2",
		"Map/strategy=persistent-pool/n=1000/work=20/skew=straggler-2",
		"Map/strategy=errgroup/n=1000/work=20/skew=straggler/chunk=16-2",
		"Map/strategy=persistent-pool/n=1000/work=20/skew=straggler/chunk=16-2",
	}
	if !slices.Equal(names, want) {
		t.Errorf("cases\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	var buf bytes.Buffer
	tot, err := harness.Run(context.Background(), cfg, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if tot.Samples != len(want) {
		t.Errorf("%d samples, want %d", tot.Samples, len(want))
	}
}

// TestSkewCheckCatchesUniformWork: a strategy that ignores the skew's
// table (computing every item with the kernel's Work) fails the check.
func TestSkewCheckCatchesUniformWork(t *testing.T) {
	cfg := harness.Config{
		Strategies: []strategies.Strategy{strategies.Sequential{}, uniformOnly{}},
		Sizes:      []int{100}, Works: []int{10}, Skews: []casekey.Skew{casekey.Increasing},
		Procs: []int{1}, Count: 1, Precision: -1, Meter: fakeMeter,
	}
	_, err := harness.Run(context.Background(), cfg, &bytes.Buffer{})
	if !errors.Is(err, harness.ErrMismatch) || !strings.Contains(err.Error(), "skew=increasing") {
		t.Errorf("Run = %v, want ErrMismatch at skew=increasing", err)
	}
}

// uniformOnly drops the kernel's Rounds: the bug a skew must catch.
type uniformOnly struct{}

func (uniformOnly) Name() string { return "uniform-only" }
func (uniformOnly) MapInto(ctx context.Context, k strategies.Kernel, in []strategies.Pair, out []int64, workers int) error {
	k.Rounds = nil
	return strategies.Sequential{}.MapInto(ctx, k, in, out, workers)
}

func TestSkewValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  harness.Config
		msg  string
	}{
		{"straggler too heavy", harness.Config{Sizes: []int{1_000_000}, Works: []int{1000}, Skews: []casekey.Skew{casekey.Straggler}},
			"skew straggler at n=1000000, work=1000 gives an item"},
		{"unknown skew", harness.Config{Skews: []casekey.Skew{casekey.Skew(9)}}, `skew "9" is not one of`},
		{"negative chunk", harness.Config{Chunks: []int{-1}}, "chunks value -1 is below 0"},
		{"empty skews", harness.Config{Skews: []casekey.Skew{}}, "empty skews list"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if !errors.Is(err, harness.ErrConfig) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Validate() = %v, want ErrConfig with %q", err, tt.msg)
			}
		})
	}
}
