// Command concbench measures Go concurrency strategies for mapping a kernel
// over many items and reports which shape wins, where, and by how much.
//
// Usage:
//
//	concbench                 run the quick sweep, write results/, print the report, draw charts
//	concbench run [flags]     measure a sweep into a benchmark file
//	concbench list            list the strategies
//	concbench report [flags]  summarise benchmark files
//	concbench plot [flags]    draw charts from benchmark files
//	concbench help            print this list
//
// # With no arguments
//
// concbench runs the quick preset (see -preset below; under a minute on two
// cores), writes results/DATE-HOST-quick.txt, prints its report (as
// concbench report would) and writes its charts into
// results/DATE-HOST-quick/ (as concbench plot would), saying where on stderr.
//
// # concbench run
//
// Run measures every strategy × n × work × wait × procs case and writes one
// line per sample in the Go benchmark format, which benchstat reads unchanged:
//
//	BenchmarkMap/strategy=errgroup/n=10000/work=100-2 92 1.1e+06 ns/op 110 ns/item 9664 B/op 22 allocs/op
//
// The name matches the strategies package's BenchmarkMap under go test -cpu
// P, with a /workers=K key only when workers differs from GOMAXPROCS, and a
// /wait=D key (1ms, 100µs) only when the items wait. The
// file starts with "# key: value" notes for what changes from run to run
// (concbench version and commit, date, sample counts, preset), which
// benchstat ignores, so it reads two runs as one table; then configuration
// lines (goos, goarch, pkg, cpu as go test writes them, go, gomaxprocs,
// kernel, const, sample time, method).
//
// Each case is first checked against sequential (a wrong result is an error,
// exit 1, before anything is timed), then calibrated so a sample takes about
// -time, then measured in -count interleaved rounds after one discarded
// warm-up round: every round takes one sample of every case in turn, so
// drift in the machine hits every strategy alike.
//
// Run never replaces a results file (see Files below): without -o it takes
// the first free name of results/DATE-HOST-PRESET.txt, -2.txt, -3.txt, ...
// (one whose chart directory is free too); -o onto an existing file is
// refused unless -force. Before anything is measured, the name is claimed
// (created empty and exclusively, so two runs cannot both take it) and
// every problem with the path or the sweep is reported with exit 2.
//
// Samples stream to a temporary file beside the output, renamed onto it at
// the end. On SIGINT (Ctrl-C), SIGTERM or SIGHUP the run stops after the
// current sample, the file keeps every finished sample, Go's and Python's
// (it parses cleanly), stderr says how many were kept, and the exit code is
// 128 + the signal's number. A second signal stops the run at once, with
// the samples finished before it. A run that keeps no sample gives its
// name back.
//
// On a terminal, stderr shows a progress bar with the current case, the
// percentage done and an ETA. Results never go to stderr, progress never to
// stdout.
//
// Flags:
//
//	-preset name    starting sweep, which the other flags override (default quick):
//	                quick: all strategies, n=100,10000,100000, work=0,100,
//	                       current GOMAXPROCS, 6 samples of 50ms
//	                seed:  the Python cheat sheet's case, n=20, work=0,
//	                       10 samples of 100ms
//	                full:  n=10..1000000 in decades, work=0,10,100,1000,
//	                       GOMAXPROCS 1,2,4..NumCPU, 10 samples of 100ms
//	                io:    the I/O-bound case: n=100,1000 items that each
//	                       wait 1ms (work=0), workers = GOMAXPROCS, 16 and
//	                       128, 10 samples (one call each) and more
//	                       within a 100s budget; about 2 minutes on 2
//	                       cores, 3 with -python
//	-strategies s   comma-separated strategy names (default all; see list)
//	-n list         comma-separated input sizes, each > 0
//	-work list      comma-separated kernel work values (LCG rounds per item), each >= 0
//	-wait list      comma-separated waits per item after its work, as if for
//	                I/O, each a Go duration from 0 to 1s, e.g. 0,1ms; the
//	                item's goroutine blocks meanwhile and uses no CPU. On
//	                Linux a wait under 1ms lasts about 1ms when every
//	                goroutine waits (Go's timers), so measure 1ms and up
//	-procs list     comma-separated GOMAXPROCS values, each > 0, like go test -cpu
//	-workers list   comma-separated workers arguments, each >= 0 (0: same as procs);
//	                sequential and goroutine-per-item, which ignore it, run
//	                at the first value only
//	-count k        samples per case, > 0
//	-time d         target duration of one sample, > 0, e.g. 100ms
//	-o file         output file, which must not exist (default
//	                results/DATE-HOST-PRESET.txt, or -2, -3, ... when taken,
//	                with PRESET "custom" when the flags above changed the
//	                sweep)
//	-force          with -o, replace an existing file, but only with a
//	                complete run: an interrupted one keeps its samples in
//	                FILE-2.txt (the next free number) and leaves FILE as it was
//	-q              no progress bar and no status line on stderr (warnings,
//	                such as a missing python3, still print)
//	-python         also time the Python seed programme (docs/python/seed.py)
//	                with python3 into the same file, as strategies
//	                python-sequential, python-partial, python-callable and
//	                python-threads (a ThreadPool, where the GIL shows), with
//	                the same waits and pool sizes (-workers) as Go's,
//	                after checking that it computes what Go computes; without
//	                python3 it says so on stderr and keeps the Go results;
//	                if Python fails, the Go results are kept and run exits 1
//
// # concbench list
//
// List prints every strategy's name with the one line it teaches and, below
// it, its nearest Python counterpart.
//
// # concbench report
//
//	concbench report [-format text|markdown|csv|html] [-o FILE] FILE...
//	concbench report -base OLD [-fail-on PCT] [-format ...] NEW...
//
// Report reads benchmark files (from concbench run, or go test -bench Map
// output with the same names) and prints, for every work, wait and procs value, a
// table of median ns/item ± 95% confidence interval per n and strategy (the
// fastest marked), a table of speedups over sequential with the parallel
// efficiency (~ when the Mann-Whitney U test finds no significant
// difference, as in benchstat), and each strategy's break-even n: the
// smallest n at which it is significantly faster than sequential. Cases
// with a wait are compared with sequential at the same wait, without an
// efficiency (waiting items use no core). Flags may come before or after
// the files:
//
//	-format f       text (default), markdown, csv, or html (one self-contained
//	                page with every table and chart inline, readable offline)
//	-o file         write the report to file instead of stdout; never one
//	                of the input files, nor any file holding benchmark results
//	-base old       A/B mode: compare every case with the same case in old,
//	                with the change of the median and its p-value
//	-fail-on pct    with -base, exit 1 when a case is significantly slower
//	                than in old by more than pct percent (a CI gate); pct is
//	                a finite number >= 0
//
// Unusable input (a missing or empty file, no benchmark lines, a syntax
// error, reported as file:line, units that cannot be compared) is one line
// on stderr and exit 2. A file without sequential still gets its ns/item
// tables; a line says why the speedups are missing.
//
// # concbench plot
//
//	concbench plot [-o DIR] FILE...
//
// Plot writes four kinds of chart as SVG and PNG into DIR (default: a
// directory named like the first file without its extension; a file
// without one needs -o) and prints their paths: ns/item vs n (log-log) per work value (and wait); speedup vs procs with the
// ideal line, at the largest n; the per-item overhead at work=0 as bars;
// and speedup vs n with each strategy's break-even n ringed. Error bars are
// 95% confidence intervals (on speedups, the ratios of the intervals' ends);
// a caption gives the machine and the run. -o may also follow the files.
// docs/reading-reports.md says how to read each of them.
//
// # Files
//
// Every file concbench writes (results, reports, charts) is written to a
// temporary file in the same directory and renamed onto its name once
// complete, so a reader, a full disk or a crash never leaves half a file,
// and an earlier file survives a failed write. Only regular files are
// written: a symbolic link, a directory, a device or a pipe at an output
// path is refused, saying why. Paths are resolved as the kernel resolves
// them (../dir/./sub/../x.txt goes through sub). report and plot never
// write over one of their input files, under any name.
//
// A run killed outright (SIGKILL, a power cut) leaves its temporary file;
// the next run, report or plot writing in that directory recovers its
// samples into the run's empty claimed file, or says where they are, and
// removes temporary files that hold no samples.
//
// # Exit codes
//
//	0    success (also for -h)
//	1    failure while running, e.g. a strategy disagreeing with sequential,
//	     or a full disk
//	2    bad usage or input, reported on one line before anything is
//	     measured; existing files are left as they were
//	129  SIGHUP, 130 SIGINT, 143 SIGTERM (128 + the signal's number):
//	     interrupted; finished samples are kept
//
// # Example session
//
// These commands are run by the package's tests (the bare concbench, which
// takes about a minute, and benchstat are not):
//
//	$ concbench list
//	$ concbench run -strategies sequential,errgroup -n 1000,100000 -work 100 -count 3 -time 10ms -q -o two.txt
//	$ concbench run -preset seed -count 2 -time 5ms -q -o seed.txt
//	$ concbench run -strategies sequential,errgroup,goroutine-per-item -n 100 -work 0 -wait 1ms -workers 0,16 -count 2 -q -o io.txt
//	$ concbench report two.txt
//	$ concbench report io.txt
//	$ concbench report -format markdown -base seed.txt seed.txt
//	$ concbench plot two.txt
//	$ go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da -col /strategy two.txt
//	$ concbench
//
// See docs/running.md for reproducing the committed results and comparing
// runs with benchstat.
package main
