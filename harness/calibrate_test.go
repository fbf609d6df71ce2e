package harness

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestCalibrate(t *testing.T) {
	tests := []struct {
		per    time.Duration // cost of one iteration
		target time.Duration
		min    int // fewest iterations acceptable
		max    int // most iterations acceptable
	}{
		{time.Nanosecond, 100 * time.Millisecond, 100_000_000, 130_000_000},
		{time.Microsecond, 50 * time.Millisecond, 50_000, 65_000},
		{3 * time.Millisecond, 50 * time.Millisecond, 17, 23},
		{50 * time.Millisecond, 50 * time.Millisecond, 1, 1},
		{2 * time.Second, 50 * time.Millisecond, 1, 1},
		{0, time.Second, 1_000_000_000, 1_000_000_000}, // free ops stop at 1e9
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("per=%v/target=%v", tt.per, tt.target), func(t *testing.T) {
			runs := 0
			n, err := calibrate(context.Background(), tt.target, func(n int) (time.Duration, error) {
				runs++
				return tt.per * time.Duration(n), nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n < tt.min || n > tt.max {
				t.Errorf("calibrate = %d iterations, want %d..%d", n, tt.min, tt.max)
			}
			if runs > 10 {
				t.Errorf("took %d runs, want at most 10", runs)
			}
		})
	}
}

func TestCalibrateStops(t *testing.T) {
	boom := errors.New("boom")
	if _, err := calibrate(context.Background(), time.Second, func(int) (time.Duration, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("op error: got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	runs := 0
	_, err := calibrate(ctx, time.Second, func(n int) (time.Duration, error) {
		runs++
		cancel()
		return time.Duration(n), nil
	})
	if !errors.Is(err, context.Canceled) || runs != 1 {
		t.Errorf("cancelled: got %v after %d runs, want context.Canceled after 1", err, runs)
	}
}

func TestSignificant(t *testing.T) {
	tests := []struct {
		x    float64
		want float64
	}{
		{189.5405165903802, 189.54},
		{9.477025829519011, 9.477},
		{2.4943795714285714e+06, 2.4944e+06},
		{0, 0},
		{12345, 12345},
	}
	for _, tt := range tests {
		if got := significant(tt.x, 5); got != tt.want {
			t.Errorf("significant(%v, 5) = %v, want %v", tt.x, got, tt.want)
		}
	}
}
