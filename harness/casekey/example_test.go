package casekey_test

import (
	"fmt"

	"github.com/concbench/concbench/harness/casekey"
)

func Example() {
	c, err := casekey.Parse("BenchmarkMap/strategy=errgroup/n=10000/work=100/wait=1ms-2")
	if err != nil {
		panic(err)
	}
	c.Output = casekey.Fresh
	fmt.Println(c.Name())
	fmt.Println(c.Variant(), c.Traits().Reference, casekey.Traits("loop").Reference)
	// Output:
	// Map/strategy=errgroup/n=10000/work=100/wait=1ms/out=fresh-2
	// errgroup/out=fresh false true
}
