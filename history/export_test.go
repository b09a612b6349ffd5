package history

import (
	"context"
	"io"
	"iter"
)

// ReadMax is Read with a line bound of max bytes instead of MaxLine.
func ReadMax(r io.Reader, max int) iter.Seq2[*Record, error] { return read(r, max) }

// DiffUnshared is Diff with each program combining its own expert scores,
// none shared between them (exante.ScoreShare).
func DiffUnshared(ctx context.Context, a, b *Program, recs iter.Seq2[*Record, error], o StreamOptions) (*Report, error) {
	return diff(ctx, a, b, recs, o, false)
}
