package history

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"os"
	"testing"

	"github.com/jixiao-go/jixiao/internal/strictjson"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bundledLines returns the bundled history's record lines.
func bundledLines(t testing.TB) [][]byte {
	t.Helper()
	f, err := os.Open("../testdata/history/records.jsonl.gz")
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var lines [][]byte
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		if b := bytes.TrimSpace(sc.Bytes()); len(b) > 0 {
			lines = append(lines, bytes.Clone(b))
		}
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, lines)
	return lines
}

// TestRecordDecoderOnePass decodes every bundled record with the stream's
// decoder, with the one-pass decoder the library's strict decoder tries
// first (internal/strictjson) and with DecodeJSON: the records must be
// equal, and the one pass must have decoded every one of them itself (a
// refusal would fall back to the scanned way silently and the reader
// would be no faster). The streamed records share their slices' blocks
// (strictjson.Decoder.KeepBlocks): each is compared again once the whole
// stream is decoded.
func TestRecordDecoderOnePass(t *testing.T) {
	d := newRecordDecoder()
	one := strictjson.Decoder{Strict: true}
	var wants, streams []*Record
	for i, b := range bundledLines(t) {
		want, err := decodeRecord(b)
		require.NoError(t, err, "line %d", i+1)
		got := new(Record)
		require.NoError(t, one.Decode(b, got), "line %d: the one pass refused it", i+1)
		assert.Equal(t, want, got, "line %d", i+1)
		streamed, err := d.decode(b)
		require.NoError(t, err, "line %d", i+1)
		assert.Equal(t, want, streamed, "line %d", i+1)
		wants, streams = append(wants, want), append(streams, streamed)
	}
	for i := range wants {
		require.Equal(t, wants[i], streams[i], "line %d after the whole stream", i+1)
	}
}

// TestRecordDecoderFallsBack: documents the one pass refuses are decoded
// by the library's strict decoder (performance.DecodeJSON), with its
// error: a member given twice is an error with its path, as in every
// input of the library (before issue 15 encoding/json kept the last).
func TestRecordDecoderFallsBack(t *testing.T) {
	d := newRecordDecoder()
	for _, tc := range []struct {
		doc     string
		wantErr string
	}{
		{`{"round": 1, "rund": 2}`, `unknown field "rund"`},
		{`{"round": 1, "round": 2}`, `round: duplicate field "round"`},
		{`{"round": "x"}`, "cannot unmarshal string"},
		{`{"round": 1`, "1:12: unexpected end of JSON input"},
	} {
		got, err := d.decode([]byte(tc.doc))
		want, werr := decodeRecord([]byte(tc.doc))
		if tc.wantErr != "" {
			require.Error(t, err, tc.doc)
			assert.Contains(t, err.Error(), tc.wantErr, tc.doc)
			assert.Equal(t, werr.Error(), err.Error(), tc.doc)
			assert.Nil(t, got, tc.doc)
			continue
		}
		require.NoError(t, err, tc.doc)
		assert.Equal(t, want, got, tc.doc)
		assert.Equal(t, 2, got.Round, tc.doc)
	}
}

// BenchmarkDecodeRecord decodes the bundled records with encoding/json and
// with the one-pass decoder.
func BenchmarkDecodeRecord(b *testing.B) {
	lines := bundledLines(b)
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := decodeRecord(lines[i%len(lines)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("one_pass", func(b *testing.B) {
		b.ReportAllocs()
		d := newRecordDecoder()
		for i := 0; b.Loop(); i++ {
			if _, err := d.decode(lines[i%len(lines)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
