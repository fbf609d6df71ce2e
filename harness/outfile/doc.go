// Package outfile writes concbench's output files so that nothing is lost:
// a reader or a crash never sees half a file, a results file is never
// replaced by a report or by another run, and what a killed run left is
// recovered rather than deleted.
//
// Every file goes through [Write], the one owner of the temporary file,
// its permissions and the rename: the temporary file,
// .BASE.tmp-concbench-RANDOM beside the target, is locked (flock) for as
// long as it exists under that name, so that [Recover], run by every
// process that writes into a directory, can tell a live writer's file from
// one a killed process left, and never removes the former.
//
// A run's results file is claimed first ([Claim]): created empty and
// exclusively, and locked while the run measures, so that two runs cannot
// take one name, a -force run cannot replace a file another run is still
// writing, and an empty claimed file left by a killed run is free again.
//
// Paths are used as the user wrote them: the kernel resolves
// "../dir/./sub/../x.txt" through sub, which filepath.Clean would skip, so
// nothing here cleans a path.
package outfile
