package strategies

import "context"

// Sequential is the baseline: a plain loop on the calling goroutine. Every
// other strategy is judged by how much faster than this it is, and at small n
// or light work the answer is often "slower". Python: [f(a, b) for a, b in
// pairs]. The zero value is ready to use; workers is ignored.
type Sequential struct{}

// Name returns "sequential".
func (Sequential) Name() string { return "sequential" }

// Teaches implements Lesson.
func (Sequential) Teaches() string {
	return "the baseline: one loop, no goroutines, no synchronisation"
}

// Python implements Lesson.
func (Sequential) Python() string { return "[f(a, b) for a, b in pairs]" }

// Map applies k to every item in order on the calling goroutine.
func (Sequential) Map(ctx context.Context, k Kernel, in []Pair, _ int) ([]int64, error) {
	out := make([]int64, len(in))
	if err := k.span(ctx, in, out, 0, nil); err != nil {
		return nil, err
	}
	return out, nil
}
