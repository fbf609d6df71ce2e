package python

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRunScriptTimeout: a programme that hangs (a Pool worker stuck on a
// lock under load, played by a shell that starts a child and waits) is
// killed with its whole process group once it runs past its bound, and
// the samples it finished are kept. Before, it hung the run for good.
func TestRunScriptTimeout(t *testing.T) {
	dir := t.TempDir()
	pid := filepath.Join(dir, "worker")
	stub := "#!/bin/sh\n" +
		`echo '{"kind":"sample","variant":"sequential","n":100,"work":0,"procs":2,"iters":200,"ns":8000000}'` + "\n" +
		"trap '' INT TERM\nsleep 3600 &\necho $! > '" + pid + "'\nwait\n"
	interp := filepath.Join(dir, "python3")
	if err := os.WriteFile(interp, []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Python: interp, Script: filepath.Join(dir, "seed.py")}
	out, err := runScript(t.Context(), cfg, 500*time.Millisecond, "time")
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "ran past 500ms") {
		t.Errorf("runScript = %v, want ErrTimeout naming the bound", err)
	}
	if rs, err := ParseTimings(strings.NewReader(string(out)), nil); err != nil || len(rs) != 1 {
		t.Errorf("kept %d samples, %v; want the one finished", len(rs), err)
	}
	b, _ := os.ReadFile(pid)
	worker, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("no worker pid: %q", b)
	}
	// A killed orphan stays a zombie until init reaps it: alive is
	// running or sleeping.
	for range 100 {
		if !alive(worker) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	syscall.Kill(worker, syscall.SIGKILL)
	t.Errorf("the worker %d outlived the timeout", worker)
}

// alive reports whether the process pid runs, and is no zombie.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return syscall.Kill(pid, 0) == nil && !os.IsNotExist(err)
	}
	_, after, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(after, "Z") && !strings.HasPrefix(after, "X")
}

// TestTimeout: the bound grows with the work asked of the programme.
func TestTimeout(t *testing.T) {
	tests := []struct {
		name  string
		cfg   Config
		n     int
		works []int
		want  time.Duration
	}{
		{"set", Config{Timeout: time.Second}, 100, []int{0}, time.Second},
		// 4 variants x 6 samples x 2 x 100ms, ten times, and a minute.
		{"quick", Config{}, 100, []int{0}, time.Minute + 10*24*200*time.Millisecond},
		{"two-works", Config{}, 100, []int{0, 100}, time.Minute + 2*10*24*200*time.Millisecond},
		// One call of 10^6 items at work 10: 2.2s, over 2 x SampleTime.
		{"long-call", Config{Count: 1, Procs: []int{1, 2}}, 1_000_000, []int{10}, time.Minute + 10*8*2200*time.Millisecond},
		{"waits", Config{Count: 1, Waits: []time.Duration{0, time.Millisecond}}, 1000, []int{0}, time.Minute + 10*8*(1000*(200*time.Nanosecond+time.Millisecond))},
	}
	for _, tt := range tests {
		if got := tt.cfg.timeout(tt.n, tt.works); got != tt.want {
			t.Errorf("%s: timeout = %v, want %v", tt.name, got, tt.want)
		}
	}
}
