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

	"github.com/jixiao-go/jixiao/performance"
)

// ErrRecord is wrapped by the error of a record that cannot be read: it is
// counted and the run goes on.
var ErrRecord = errors.New("history: bad record")

// ErrRead is wrapped by the error of a history that cannot be read on: a
// read or decompression failure, an unreadable header. Diff, Replay and
// Verify stop at it and return no report, so that totals of the part read
// are never taken for the whole.
var ErrRead = errors.New("history: cannot read the history")

// A LineError is a record line that cannot be decoded (wrapping ErrRecord),
// or the line at which reading failed (wrapping ErrRead). Line is 1-based.
type LineError struct {
	Line int
	Err  error
}

// Error names the line and the problem.
func (e *LineError) Error() string { return fmt.Sprintf("history: line %d: %v", e.Line, e.Err) }

// Unwrap returns the cause, which wraps ErrRecord or ErrRead.
func (e *LineError) Unwrap() error { return e.Err }

// MaxLine bounds one record line: 256 MiB. A line is held whole while it is
// decoded, so the memory of a run is its batches plus the longest line
// (and that line's record); the bundled history's longest line is under
// 20 KiB. A longer line is skipped without being held and rejected as a bad
// record (ErrRecord) with its line number; reading goes on.
const MaxLine = 256 << 20

// Read streams records from JSON lines (one Record per line, see the
// package documentation), gzip-compressed or not (told by the gzip magic
// bytes). Decoding is strict: unknown members are errors. A bad line is
// yielded as a *LineError wrapping ErrRecord and reading goes on; a read
// or decompression failure is yielded once as a *LineError wrapping
// ErrRead, with the line it happened on, and ends the stream. Memory holds
// one line at a time, of any length up to MaxLine.
func Read(r io.Reader) iter.Seq2[*Record, error] { return read(r, MaxLine) }

func read(r io.Reader, maxLine int) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		br := bufio.NewReaderSize(r, 1<<16)
		if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
			zr, err := gzip.NewReader(br)
			if err != nil {
				yield(nil, &LineError{Line: 1, Err: fmt.Errorf("%w: %w", ErrRead, err)})
				return
			}
			defer zr.Close()
			br = bufio.NewReaderSize(zr, 1<<16)
		}
		var buf []byte
		dec := newRecordDecoder()
		for line := 1; ; line++ {
			b, long, err := readLine(br, &buf, maxLine)
			if err != nil && err != io.EOF {
				yield(nil, &LineError{Line: line, Err: fmt.Errorf("%w: %w", ErrRead, err)})
				return
			}
			if long {
				if !yield(nil, &LineError{Line: line, Err: fmt.Errorf("%w: line longer than %d bytes", ErrRecord, maxLine)}) {
					return
				}
			} else if b = bytes.TrimSpace(b); len(b) > 0 {
				if rec, derr := dec.decode(b); derr != nil {
					if !yield(nil, &LineError{Line: line, Err: fmt.Errorf("%w: %w", ErrRecord, derr)}) {
						return
					}
				} else if !yield(rec, nil) {
					return
				}
			}
			if err == io.EOF {
				return
			}
		}
	}
}

// A recordDecoder decodes records' JSON strictly, as [performance.DecodeJSON]
// does (unknown and repeated members, decimals beyond the limits and
// anything after the record are errors naming their paths), working out
// the record types' fields once for the whole stream
// ([performance.JSONDecoder]). It is not safe for concurrent use (each
// stream has its own).
type recordDecoder struct {
	dec performance.JSONDecoder
}

func newRecordDecoder() *recordDecoder { return &recordDecoder{} }

func (d *recordDecoder) decode(b []byte) (*Record, error) {
	rec := new(Record)
	if err := d.dec.Decode(b, rec); err != nil {
		return nil, err
	}
	return rec, nil
}

// decodeRecord decodes one record's JSON with the library's strict decoder
// ([performance.DecodeJSON]): unknown and repeated members are errors
// naming their paths, and so is anything after the record.
func decodeRecord(b []byte) (*Record, error) {
	rec := new(Record)
	if err := performance.DecodeJSON(b, rec); err != nil {
		return nil, err
	}
	return rec, nil
}

// readLine returns the next line of br, of any length: in br's buffer when
// it fits, else grown in *buf. A line over max is read to its end but not
// held (long). err is io.EOF with the last line (which may be empty).
func readLine(br *bufio.Reader, buf *[]byte, max int) (line []byte, long bool, err error) {
	frag, err := br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		if len(frag) > max {
			return nil, true, err
		}
		return frag, false, err
	}
	b := append((*buf)[:0], frag...)
	for err == bufio.ErrBufferFull {
		frag, err = br.ReadSlice('\n')
		if long {
			continue
		}
		if len(b)+len(frag) > max {
			long, b = true, b[:0]
			continue
		}
		b = append(b, frag...)
	}
	if cap(b) <= 1<<20 {
		*buf = b // keep a small buffer for the next long line
	} else {
		*buf = nil // a huge one goes with this line
	}
	if long {
		return nil, true, err
	}
	return b, false, err
}

// ReadFile streams the records of a file; see Read. The file is closed when
// the stream ends or the caller stops.
func ReadFile(path string) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		f, err := os.Open(path)
		if err != nil {
			yield(nil, fmt.Errorf("%w: %w", ErrRead, err))
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
