// Package pyseed embeds the Python peer, seed.py, so that harness/python
// runs exactly the programme these docs show and link to; there is no copy
// to keep in sync.
package pyseed

import _ "embed"

// Script is the text of seed.py: the cheat sheet's programme on
// concbench's kernel. Treat it as read-only.
//
//go:embed seed.py
var Script []byte
