package history

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
)

// ErrRecord is wrapped by the error of a record that cannot be read.
var ErrRecord = errors.New("history: bad record")

// A LineError is a record line that cannot be decoded. Line is 1-based.
type LineError struct {
	Line int
	Err  error
}

// Error names the line and the problem.
func (e *LineError) Error() string { return fmt.Sprintf("history: line %d: %v", e.Line, e.Err) }

// Unwrap returns the cause, which wraps ErrRecord.
func (e *LineError) Unwrap() error { return e.Err }

// maxLine bounds one record line (16 MiB).
const maxLine = 16 << 20

// Read streams records from JSON lines (one Record per line, see the
// package documentation), gzip-compressed or not (told by the gzip magic
// bytes). Decoding is strict: unknown members are errors. A bad line is
// yielded as a *LineError and reading goes on; a read failure is yielded
// once and ends the stream. Memory holds one line at a time.
func Read(r io.Reader) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		br := bufio.NewReaderSize(r, 1<<16)
		if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
			zr, err := gzip.NewReader(br)
			if err != nil {
				yield(nil, fmt.Errorf("history: %w", err))
				return
			}
			defer zr.Close()
			br = bufio.NewReaderSize(zr, 1<<16)
		}
		sc := bufio.NewScanner(br)
		sc.Buffer(make([]byte, 0, 1<<16), maxLine)
		line := 0
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			rec := new(Record)
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(rec); err != nil {
				if !yield(nil, &LineError{Line: line, Err: fmt.Errorf("%w: %w", ErrRecord, err)}) {
					return
				}
				continue
			}
			if !yield(rec, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			yield(nil, fmt.Errorf("history: %w", err))
		}
	}
}

// ReadFile streams the records of a file; see Read. The file is closed when
// the stream ends or the caller stops.
func ReadFile(path string) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		f, err := os.Open(path)
		if err != nil {
			yield(nil, fmt.Errorf("history: %w", err))
			return
		}
		defer f.Close()
		for r, err := range Read(f) {
			if !yield(r, err) {
				return
			}
		}
	}
}

// Slice streams records held in memory, for tests and small histories.
func Slice(recs []*Record) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// A Writer writes records as JSON lines, one per line, in the layout Read
// reads.
type Writer struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewWriter returns a Writer on w. Call Flush when done.
func NewWriter(w io.Writer) *Writer {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &Writer{w: bw, enc: enc}
}

// Write writes one record on one line.
func (w *Writer) Write(r *Record) error { return w.enc.Encode(r) }

// Flush writes any buffered data.
func (w *Writer) Flush() error { return w.w.Flush() }
