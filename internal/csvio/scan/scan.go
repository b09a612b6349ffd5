// Package scan splits CSV text into records without losing any: a
// malformed record (a stray quote, a wrong number of fields, bytes that are
// not valid in the file's encoding, a record longer than the limit) is
// reported as a [*RowError] with its line and character column, and reading
// resumes at the next physical line after the one the record started on, so
// one bad row never swallows the rows after it. It is the record splitter
// of package csvio, kept free of dependencies (the standard library only)
// so that the core packages (monitoring) and history can use it too.
//
// The syntax is RFC 4180 as encoding/csv reads it with its defaults: comma
// delimiter, fields quoted with " and "" for a quote inside them, quoted
// fields may span lines, \r\n is read as \n, empty lines are skipped. A
// UTF-8 byte order mark is dropped at the start of the input only.
//
// # Resynchronisation
//
// Parsing from line s, a record either ends well or fails at some line e ≥ s.
// On failure the record is rejected and lines s+1…e are read again as new
// records. Each line is so read at most twice: a line that keeps a quoted
// field open (all its quotes doubled, an even number) cannot leave a field
// open when read from its start (that takes an odd number), so the re-read
// records end on their own lines. Reading is linear in the input.
//
// # Flat and grouped layouts
//
// [Layout] reads the header of a flat layout and [Row] one of its records;
// [Records] is the read loop and the account of a file (rows read, errors
// in line order), and [Groups] gathers the rows of a grouped layout (one
// row per indicator, the rows of one record sharing its key) into records
// whose record-wide cells must agree: the one mechanism of the CSV readers
// of evaluation and goals.
//
// # Memory
//
// The Reader holds one record: at most MaxRecord bytes (default 64 MiB) and
// the lines of a record that spans several. A longer record or line is
// rejected ([ErrTooLong]) and skipped without being held.
package scan

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// Errors wrapped by a *RowError; match them with errors.Is.
var (
	// ErrQuote reports a quoted field whose closing quote is missing or is
	// followed by something other than a comma or the end of the line.
	ErrQuote = errors.New(`extraneous or missing " in quoted-field`)
	// ErrBareQuote reports a quote inside a field that does not start with
	// one.
	ErrBareQuote = errors.New(`bare " in non-quoted-field`)
	// ErrFieldCount reports a record with more or fewer fields than the
	// header.
	ErrFieldCount = errors.New("wrong number of fields")
	// ErrEncoding reports bytes that are not valid in the file's encoding:
	// invalid UTF-8, or U+FFFD, the replacement character a decoder writes
	// for bytes it cannot read.
	ErrEncoding = errors.New("invalid byte sequence")
	// ErrTooLong reports a record or line longer than Reader.MaxRecord.
	ErrTooLong = errors.New("record too long")
	// ErrInvisible reports an invisible character (a Unicode format
	// character, category Cf: byte order mark, zero-width space and
	// joiners, word joiner, soft hyphen…) in an identifier or code.
	ErrInvisible = errors.New("invisible character")
)

// A RowError is one record that cannot be read, or one of its cells that
// cannot be used. It is shaped like encoding/csv's ParseError, and it is
// the library's one CSV row error: history.CSVError, monitoring.RowError,
// experts.RowError and the command's csvio.RowError are this type, so one
// errors.As target matches a bad row from any of them.
type RowError struct {
	// Prefix, when set, is the package reporting the row in its own
	// wording (see [RowError.Error]): "history", "monitoring".
	Prefix string
	// File names the input, or is empty.
	File string
	// StartLine is the 1-based line the record starts on.
	StartLine int
	// Line is the 1-based line of the problem (after StartLine when the
	// record spans lines).
	Line int
	// Column is the 1-based character (not byte) column of the problem in
	// Line for syntax, encoding and length errors; for a wrong number of
	// fields (the first field beyond the header's, or the first missing)
	// and for a problem with a cell's value it is the 1-based field
	// number, as spreadsheets number columns.
	Column int
	// Index is the 1-based number of the field at fault, 0 when the whole
	// record is.
	Index int
	// Field is the schema name of the column at fault, or empty.
	Field string
	// Err is the cause; it wraps one of the package's sentinels for the
	// problems this package finds.
	Err error
}

// Error returns "file:line:column: field: message", leaving out what is
// unknown, and naming the start line of a record that spans lines. With a
// Prefix it returns "prefix: file line L, column field: message" (the
// file, and the column or else ", field N" for Index, left out when
// unknown), the wording history and monitoring have always printed.
func (e *RowError) Error() string {
	var b []byte
	if e.Prefix != "" {
		b = append(b, e.Prefix...)
		b = append(b, ": "...)
		if e.File != "" {
			b = append(b, e.File...)
			b = append(b, ' ')
		}
		b = fmt.Appendf(b, "line %d", e.Line)
		switch {
		case e.Field != "":
			b = fmt.Appendf(b, ", column %s", e.Field)
		case e.Index > 0:
			b = fmt.Appendf(b, ", field %d", e.Index)
		}
		b = fmt.Appendf(b, ": %v", e.Err)
		return string(b)
	}
	if e.File != "" {
		b = append(b, e.File...)
		b = append(b, ':')
	}
	b = fmt.Appendf(b, "%d:%d: ", e.Line, e.Column)
	if e.StartLine != 0 && e.StartLine != e.Line {
		b = fmt.Appendf(b, "record from line %d: ", e.StartLine)
	}
	if e.Field != "" {
		b = append(b, e.Field...)
		b = append(b, ": "...)
	}
	b = fmt.Append(b, e.Err)
	return string(b)
}

// Unwrap returns the cause.
func (e *RowError) Unwrap() error { return e.Err }

// A FieldCountError is the cause of a record with more or fewer fields
// than the header; it matches [ErrFieldCount] with errors.Is.
type FieldCountError struct {
	Got, Want int
}

// Error returns "1 fields, want 2 as in the header".
func (e *FieldCountError) Error() string {
	return fmt.Sprintf("%d fields, want %d as in the header", e.Got, e.Want)
}

// Is reports whether target is ErrFieldCount.
func (e *FieldCountError) Is(target error) bool { return target == ErrFieldCount }

// DefaultMaxRecord is the default Reader.MaxRecord: 64 MiB.
const DefaultMaxRecord = 64 << 20

// A Reader reads records from CSV text; see the package documentation.
// Set its fields before the first Read.
type Reader struct {
	// Fields is how many fields every record must have: 0 takes the
	// number from the first record (the header), a negative number checks
	// nothing.
	Fields int
	// Strict makes the first malformed record fatal: Read returns its
	// error from then on.
	Strict bool
	// MaxRecord bounds a record, in bytes; 0 means DefaultMaxRecord.
	MaxRecord int
	// ReuseRecord lets Read return a slice that the next Read overwrites
	// (the strings themselves are never reused).
	ReuseRecord bool

	br      *bufio.Reader
	line    int     // the last physical line read from br
	pend    []pline // lines read ahead, read again after a rejected record
	started bool
	err     error // sticky: end of input, a read failure, a strict error

	rec    []byte // the current record's field contents
	ends   []int  // end of each field in rec
	fields []string
	cells  [][]byte // ReadBytes's fields, views of rec
	acc    []byte   // a physical line longer than br's buffer
}

// pline is a physical line read ahead: its bytes (owned, without the line
// end) and number; long marks a line over MaxRecord, skipped.
type pline struct {
	b    []byte
	n    int
	long bool
}

// NewReader returns a Reader of r.
func NewReader(r io.Reader) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 64<<10)}
}

// Line returns the number of the last physical line read.
func (r *Reader) Line() int { return r.line }

func (r *Reader) maxRecord() int {
	if r.MaxRecord <= 0 {
		return DefaultMaxRecord
	}
	return r.MaxRecord
}

// physical returns the next physical line without its line end, its
// number, and whether it was too long (then b is nil). b may point into the
// bufio buffer: it is valid until the next call. err is io.EOF at the end,
// or a read failure.
func (r *Reader) physical() (b []byte, n int, long bool, err error) {
	if len(r.pend) > 0 {
		p := r.pend[0]
		r.pend = r.pend[1:]
		return p.b, p.n, p.long, nil
	}
	b, err = r.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		r.acc = append(r.acc[:0], b...)
		for errors.Is(err, bufio.ErrBufferFull) {
			b, err = r.br.ReadSlice('\n')
			if !long {
				r.acc = append(r.acc, b...)
				if len(r.acc) > r.maxRecord() {
					long, r.acc = true, r.acc[:0]
				}
			}
		}
		b = r.acc
		if long {
			b = nil
		}
		if cap(r.acc) > 1<<20 {
			r.acc = nil // do not keep a huge buffer for the rest of the file
		}
	}
	if err == io.EOF && (len(b) > 0 || long) {
		err = nil
	}
	if err != nil {
		return nil, 0, false, err
	}
	r.line++
	if len(b) > r.maxRecord() {
		b, long = nil, true
	}
	b = bytes.TrimSuffix(b, []byte{'\n'})
	b = bytes.TrimSuffix(b, []byte{'\r'})
	if !r.started {
		r.started = true
		b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	}
	return b, r.line, long, nil
}

// Read returns the next record's fields and the line it starts on. A
// malformed record returns a *RowError (the fields are nil) and the next
// Read goes on with the following line. At the end of input err is io.EOF;
// a read failure of the underlying reader is returned as is. With Strict,
// the first error is returned by every later call.
func (r *Reader) Read() (fields []string, line int, err error) {
	if line, err = r.next(); err != nil {
		return nil, line, err
	}
	return r.record(), line, nil
}

// ReadBytes is [Reader.Read] with the record's fields as views of the
// reader's buffer rather than strings: they are valid until the next
// Read or ReadBytes, which overwrites them, and must not be modified. A
// caller that keeps no field, or copies the few it keeps, reads a record
// without allocating.
func (r *Reader) ReadBytes() (fields [][]byte, line int, err error) {
	if line, err = r.next(); err != nil {
		return nil, line, err
	}
	f := r.cells[:0]
	prev := 0
	for _, e := range r.ends {
		f = append(f, r.rec[prev:e:e])
		prev = e
	}
	r.cells = f
	return f, line, nil
}

// next splits the next record into r.rec and r.ends and returns the line
// it starts on, or the error Read returns with that line (0 at the end of
// input or on a read failure).
func (r *Reader) next() (line int, err error) {
	if r.err != nil {
		return 0, r.err
	}
	for {
		b, n, long, err := r.physical()
		if err != nil {
			r.err = err
			return 0, err
		}
		if long {
			return r.fail(&RowError{StartLine: n, Line: n, Column: 1, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLong, r.maxRecord())}, nil)
		}
		if len(b) == 0 {
			continue
		}
		held, re := r.parse(b, n)
		if re != nil {
			return r.fail(re, held)
		}
		if r.Fields == 0 {
			r.Fields = len(r.ends)
		}
		if r.Fields > 0 && len(r.ends) != r.Fields {
			// Column and Index: the first field beyond the header's, or
			// the first one missing.
			idx := min(len(r.ends), r.Fields) + 1
			return r.fail(&RowError{StartLine: n, Line: n, Column: idx, Index: idx,
				Err: &FieldCountError{Got: len(r.ends), Want: r.Fields}}, held)
		}
		return n, nil
	}
}

// fail rejects a record: the lines after its first (held) are read again.
func (r *Reader) fail(re *RowError, held []pline) (int, error) {
	if len(held) > 0 {
		r.pend = append(held, r.pend...)
	}
	if r.Strict {
		r.err = re
	}
	return re.StartLine, re
}

func (r *Reader) record() []string {
	s := string(r.rec)
	f := r.fields[:0]
	if !r.ReuseRecord {
		f = make([]string, 0, len(r.ends))
	}
	prev := 0
	for _, e := range r.ends {
		f = append(f, s[prev:e])
		prev = e
	}
	r.fields = f
	return f
}

// badEncoding returns the byte offset of the first invalid UTF-8 sequence
// or U+FFFD in b, or −1.
func badEncoding(b []byte) int {
	if utf8.Valid(b) && !bytes.Contains(b, []byte("\uFFFD")) {
		return -1
	}
	for i := 0; i < len(b); {
		c, size := utf8.DecodeRune(b[i:])
		if c == utf8.RuneError {
			return i
		}
		i += size
	}
	return -1
}

func encodingError(b []byte, start, n, off int) *RowError {
	return &RowError{StartLine: start, Line: n, Column: utf8.RuneCount(b[:off]) + 1,
		Err: fmt.Errorf("%w in the file's encoding", ErrEncoding)}
}

// parse splits the record starting with line b (number n) into r.rec and
// r.ends, reading more lines while a quoted field is open. held returns
// the lines read after b, owned, to be read again if the record is
// rejected.
func (r *Reader) parse(b []byte, n int) (held []pline, re *RowError) {
	r.rec, r.ends = r.rec[:0], r.ends[:0]
	if off := badEncoding(b); off >= 0 {
		return nil, encodingError(b, n, n, off)
	}
	cur, curN, pos, size := b, n, 0, len(b)
	for {
		if pos < len(cur) && cur[pos] == '"' {
			// Where the field opens, to point at when it never closes.
			openN, openCol := curN, utf8.RuneCount(cur[:pos])+1
			pos++
			for {
				i := bytes.IndexByte(cur[pos:], '"')
				if i < 0 {
					// The field goes on at the next line.
					r.rec = append(r.rec, cur[pos:]...)
					r.rec = append(r.rec, '\n')
					nb, nn, long, err := r.physical()
					if err != nil {
						if err != io.EOF {
							r.err = err // reported by the next Read
						}
						return held, &RowError{StartLine: n, Line: openN, Column: openCol, Index: len(r.ends) + 1,
							Err: fmt.Errorf("%w: the quoted field opened here is not closed", ErrQuote)}
					}
					if long {
						held = append(held, pline{n: nn, long: true})
						return held, &RowError{StartLine: n, Line: openN, Column: openCol, Index: len(r.ends) + 1,
							Err: fmt.Errorf("%w: the quoted field opened here runs over %d bytes", ErrTooLong, r.maxRecord())}
					}
					own := bytes.Clone(nb)
					if own == nil {
						own = []byte{}
					}
					held = append(held, pline{b: own, n: nn})
					cur, curN, pos = own, nn, 0
					if size += len(own) + 1; size > r.maxRecord() {
						return held, &RowError{StartLine: n, Line: openN, Column: openCol, Index: len(r.ends) + 1,
							Err: fmt.Errorf("%w: the quoted field opened here runs over %d bytes", ErrTooLong, r.maxRecord())}
					}
					if off := badEncoding(cur); off >= 0 {
						return held, encodingError(cur, n, nn, off)
					}
					continue
				}
				r.rec = append(r.rec, cur[pos:pos+i]...)
				pos += i + 1
				switch {
				case pos < len(cur) && cur[pos] == '"':
					r.rec = append(r.rec, '"')
					pos++
					continue
				case pos < len(cur) && cur[pos] == ',':
					pos++
					r.ends = append(r.ends, len(r.rec))
				case pos == len(cur):
					r.ends = append(r.ends, len(r.rec))
					return held, nil
				default:
					return held, &RowError{StartLine: n, Line: curN, Column: utf8.RuneCount(cur[:pos]) + 1,
						Index: len(r.ends) + 1, Err: ErrQuote}
				}
				break
			}
			continue
		}
		i := bytes.IndexByte(cur[pos:], ',')
		end := len(cur)
		if i >= 0 {
			end = pos + i
		}
		if j := bytes.IndexByte(cur[pos:end], '"'); j >= 0 {
			return held, &RowError{StartLine: n, Line: curN, Column: utf8.RuneCount(cur[:pos+j]) + 1,
				Index: len(r.ends) + 1, Err: ErrBareQuote}
		}
		r.rec = append(r.rec, cur[pos:end]...)
		r.ends = append(r.ends, len(r.rec))
		if i < 0 {
			return held, nil
		}
		pos = end + 1
	}
}
