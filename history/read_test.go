package history_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
)

// TestReadLongLine is issue 16's input: the bundled 3,227 records with
// record 101's line over 16 MiB. bufio.Scanner stopped there ("token too
// long") after 100 records and the run printed totals anyway; now every
// record is read.
func TestReadLongLine(t *testing.T) {
	recs := bundled(t, 0)
	require.Len(t, recs, 3227)
	recs[100].Project.Content = strings.Repeat("x", 17<<20) // 17 MiB
	var buf bytes.Buffer
	w := history.NewWriter(&buf)
	for _, r := range recs {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Flush())
	line101 := bytes.Split(buf.Bytes(), []byte("\n"))[100]
	require.Greater(t, len(line101), 16<<20, "line 101 is over 16 MiB")

	n := 0
	for r, err := range history.Read(bytes.NewReader(buf.Bytes())) {
		require.NoError(t, err)
		if n == 100 {
			assert.True(t, recs[100].Project.Content == r.Project.Content, "line 101's content read whole")
		}
		n++
	}
	assert.Equal(t, 3227, n)
}

// TestReadLineBound: a line over the bound is rejected as a bad record,
// with its line, without being held, and reading goes on.
func TestReadLineBound(t *testing.T) {
	good := func(id string) string {
		return `{"project": {"id": "` + id + `", "fiscal_year": 2022, "amount": "1"}}` + "\n"
	}
	in := good("A") + `{"project": {"id": "` + strings.Repeat("x", 200_000) + `"}}` + "\n" + good("C")
	var ids []string
	var errs []error
	for r, err := range history.ReadMax(strings.NewReader(in), 100_000) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, r.Project.ID)
	}
	assert.Equal(t, []string{"A", "C"}, ids)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], history.ErrRecord)
	assert.EqualError(t, errs[0], "history: line 2: history: bad record: line longer than 100000 bytes")
}

// failingReader returns its data, then err.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// TestReadFailureStopsTheRun: a read failure after some records is
// reported with the line it happened on, and Replay, Diff and Verify
// return no report at all rather than the totals of the part read.
func TestReadFailureStopsTheRun(t *testing.T) {
	b := loadBundle(t)
	v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
	var buf bytes.Buffer
	w := history.NewWriter(&buf)
	for _, r := range bundled(t, 50) {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Flush())
	disk := errors.New("disk on fire")
	src := func() *failingReader { return &failingReader{data: bytes.Clone(buf.Bytes()), err: disk} }

	var last error
	n := 0
	for _, err := range history.Read(src()) {
		if err != nil {
			last = err
			continue
		}
		n++
	}
	assert.Equal(t, 50, n)
	var le *history.LineError
	require.ErrorAs(t, last, &le)
	assert.Equal(t, 51, le.Line, "the failure is on the line after the 50 read")
	assert.ErrorIs(t, last, history.ErrRead)
	assert.ErrorIs(t, last, disk)

	s, err := history.Replay(context.Background(), v1, history.Read(src()), history.StreamOptions{})
	assert.Nil(t, s, "no totals for part of a history")
	assert.ErrorIs(t, err, history.ErrRead)
	assert.EqualError(t, err, "history: reading stopped, no report: history: line 51: history: cannot read the history: disk on fire")
	rep, err := history.Diff(context.Background(), v1, v2, history.Read(src()), history.StreamOptions{Workers: 2})
	assert.Nil(t, rep)
	assert.ErrorIs(t, err, disk)
	ver, err := history.Verify(context.Background(), []*history.Program{v1}, history.Read(src()), history.StreamOptions{})
	assert.Nil(t, ver)
	assert.ErrorIs(t, err, disk)
}

// TestReadTruncatedGzip: a gzip file cut short is a read failure with its
// line, not a short history.
func TestReadTruncatedGzip(t *testing.T) {
	data, err := os.ReadFile(records())
	require.NoError(t, err)
	n := 0
	var last error
	for _, err := range history.Read(bytes.NewReader(data[:len(data)/2])) {
		if err != nil {
			last = err
			continue
		}
		n++
	}
	assert.Less(t, n, 3227)
	assert.ErrorIs(t, last, history.ErrRead)
	assert.ErrorIs(t, last, io.ErrUnexpectedEOF)
	var le *history.LineError
	require.ErrorAs(t, last, &le)
	assert.Equal(t, n+1, le.Line)
}
