package main

// topics returns the help topics: sections of the manual that are not a
// command's, which concbench help NAME prints.
func topics() []command {
	return []command{
		{
			name:  "format",
			short: "the benchmark file format",
			long: `
A results file is in the Go benchmark format, written through x/perf's
benchfmt, so benchstat reads it as it reads go test -bench output. One line
per sample:

	BenchmarkMap/strategy=errgroup/n=10000/work=100-2 4 1.3122e+06 ns/op 131.22 ns/item 259.8 cpu-ns/item 1056 B/op 7 allocs/op

The name is the strategies package's BenchmarkMap under go test -cpu P:
strategy, n and work, then /workers=K only when the workers differ from
GOMAXPROCS, /wait=D only when each item waits D after its work (Go's
duration syntax: 1ms, 100µs), /out=fresh only for a new result slice per
call, and -P,
GOMAXPROCS. Then the iterations the sample timed and its units: ns/op, the
wall time of one Map over n items; ns/item, that divided by n, what reports
compare; cpu-ns/item, the process's CPU time (user + system, every thread)
per item, where the platform reports it; B/op and allocs/op, the heap bytes
and objects allocated per Map.

The configuration lines are the four that go test writes, goos, goarch, pkg
and cpu (the CPUID brand string, as go test has it), so benchstat reads a
concbench file and a go test file of the same machine, or two concbench
runs, as one table. Everything else about the run is a note, a
"# key: value" line at the top, which benchstat ignores and concbench report
reads: numcpu, gomaxprocs, go, concbench (the version), commit, host, date,
kernel and const, count, maxcount, precision, budget, sampletime, load,
steal, method and preset.`,
		},
		{
			name:  "files",
			short: "how concbench writes files",
			long: `
Every file concbench writes (results, reports, charts) is written to a
temporary file in the same directory and renamed onto its name once
complete, so a reader, a full disk or a crash never leaves half a file, and
an earlier file survives a failed write. Only regular files are written: a
symbolic link, a directory, a device or a pipe at an output path is refused,
saying why. Paths are resolved as the kernel resolves them
(../dir/./sub/../x.txt goes through sub). Report and plot never write over
one of their input files, under any name, and report never replaces a file
that holds benchmark results.

A temporary file is locked (flock) while its writer lives, and a run's
claimed results file while it measures, so runs, reports and plots may
write into one directory at once: none touches another's live files, and
-force does not replace a file another run is still measuring into (the
new results stay under the numbered name). A run killed outright (SIGKILL,
a power cut) leaves its temporary file; the next run, report or plot
writing in that directory recovers its samples into the run's empty
claimed file, or says where they are, and removes temporary files that
hold no samples. -force does not replace samples it has just recovered.
An empty claimed file left by a killed run is free for the next run. A
file -force replaces keeps its permissions.

Input files are text: report and plot refuse a file with a NUL byte, a
line of 64 KiB or more, more than 256 MiB, UTF-16 text (what PowerShell's
> writes) and one file given twice (also by a hard link), each on one line
with the file (and line) at fault. Control characters in names, notes and
file names (ESC, NUL, newlines, the right-to-left override) are shown
escaped, \x1b or \u202e, in every format. A failed write to stdout is an
error (exit 1).`,
		},
		{
			name:  "exit",
			short: "exit codes",
			long: `
	0    success, also for -h and help
	1    failure while running: a strategy that disagrees with sequential,
	     a full disk, a failing Python peer, or a slowdown -fail-on found
	2    bad usage or input, one line on stderr that names the problem,
	     before anything is measured or written: an unknown command or
	     flag, a bad value, an unusable input file, a path that cannot be
	     written; and -fail-on when the runs share no case or have too few
	     samples to decide
	129  SIGHUP, 130 SIGINT (Ctrl-C), 143 SIGTERM: 128 + the signal's
	     number, interrupted; the finished samples are kept (report and
	     plot write nothing); a SIGHUP ignored when concbench starts
	     (nohup) stays ignored`,
		},
		{
			name:  "example",
			short: "an example session",
			long: `
The package's tests run these commands in an empty directory, all but the
bare concbench, which takes about a minute, and benchstat:

	$ concbench
	$ concbench list
	$ concbench run -strategies sequential,errgroup -n 1000,100000 -work 100 -count 3 -time 10ms -q -o two.txt
	$ concbench run -preset seed -count 2 -time 5ms -q -o seed.txt
	$ concbench run -strategies sequential,errgroup,goroutine-per-item -n 100 -work 0 -wait 1ms -workers 0,16 -count 2 -q -o io.txt
	$ concbench report two.txt
	$ concbench report io.txt
	$ concbench report -format markdown -base seed.txt seed.txt
	$ concbench report -format json -o two.json two.txt
	$ concbench plot two.txt
	$ concbench -preset seed -count 2 -precision 0 -time 5ms -q -o bare.txt
	$ concbench report -format html -o bare/report.html bare.txt
	$ concbench version
	$ go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da -col /strategy two.txt

docs/running.md says how to reproduce the committed results and how to
compare runs with benchstat.`,
		},
	}
}
