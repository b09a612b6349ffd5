package history

import (
	"io"
	"iter"
)

// ReadMax is Read with a line bound of max bytes instead of MaxLine.
func ReadMax(r io.Reader, max int) iter.Seq2[*Record, error] { return read(r, max) }
