package records

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/concbench/concbench/harness"
)

// checksum is the per-item function: the SHA-256 of one small record.
func checksum(_ context.Context, record string) ([32]byte, error) {
	return sha256.Sum256([]byte(record)), nil
}

func BenchmarkChecksum(b *testing.B) {
	records := make([]string, 100_000)
	for i := range records {
		records[i] = fmt.Sprintf("user-%d,%d,%s", i, 18+i%60, "paris")
	}
	harness.Bench(b, records, checksum)
}
