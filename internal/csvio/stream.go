package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// chunk is how much of a file Open holds at a time while it checks the
// encoding: memory does not grow with the file.
const chunk = 64 << 10

// Open opens the named file as UTF-8 text, read as it is consumed: the
// streaming form of [Decode], with the same detection, the same errors and
// the byte order mark dropped. The whole file is checked first, in a pass
// that holds one chunk of it at a time, so that a byte invalid in the
// encoding is reported (with its line) before any row is read, as Decode
// does; the text is then decoded a second time as it is read. The caller
// closes the returned reader.
func Open(name string, enc Encoding) (io.ReadCloser, Encoding, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, enc, err
	}
	text, enc, err := open(name, f, enc)
	if err != nil {
		f.Close()
		return nil, enc, err
	}
	return &readCloser{Reader: text, c: f}, enc, nil
}

type readCloser struct {
	io.Reader
	c io.Closer
}

func (r *readCloser) Close() error { return r.c.Close() }

// open checks the encoding of f and returns its text, read from the start.
func open(name string, f io.ReadSeeker, enc Encoding) (io.Reader, Encoding, error) {
	var head [3]byte
	n, err := io.ReadFull(f, head[:])
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, enc, fmt.Errorf("%s: %w", name, err)
	}
	h := head[:n]
	if bytes.HasPrefix(h, []byte{0xFF, 0xFE}) || bytes.HasPrefix(h, []byte{0xFE, 0xFF}) {
		return nil, enc, fmt.Errorf("%s: UTF-16 is not supported; save the file as UTF-8 or GB18030", name)
	}
	hasBOM := bytes.Equal(h, []byte{0xEF, 0xBB, 0xBF})
	start := int64(0)
	if hasBOM {
		start = 3
	}
	rewind := func(at int64) error {
		if _, err := f.Seek(at, io.SeekStart); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	if enc == Auto || enc == UTF8 {
		if err := rewind(start); err != nil {
			return nil, enc, err
		}
		valid, line, err := checkUTF8(f)
		if err != nil {
			return nil, enc, fmt.Errorf("%s: %w", name, err)
		}
		if enc == Auto {
			enc = GB18030
			if hasBOM || valid {
				enc = UTF8
			}
		}
		if enc == UTF8 {
			if !valid {
				return nil, enc, fmt.Errorf("%s:%d: invalid UTF-8 (is the file GB18030? try --encoding gb18030)", name, line)
			}
			if err := rewind(start); err != nil {
				return nil, enc, err
			}
			return f, enc, nil
		}
	}
	var e encoding.Encoding = simplifiedchinese.GB18030
	if enc == GBK {
		e = simplifiedchinese.GBK
	}
	if err := rewind(0); err != nil {
		return nil, enc, err
	}
	line, err := checkDecoded(transform.NewReader(f, e.NewDecoder()))
	if err != nil {
		return nil, enc, fmt.Errorf("%s: invalid %s: %w", name, enc, err)
	}
	if line > 0 {
		return nil, enc, fmt.Errorf("%s:%d: invalid %s (try --encoding utf-8)", name, line, enc)
	}
	if err := rewind(0); err != nil {
		return nil, enc, err
	}
	return transform.NewReader(f, e.NewDecoder()), enc, nil
}

// checkUTF8 reads r to the end and reports whether it is valid UTF-8, and
// if not the 1-based line of the first invalid sequence. A sequence split
// between two reads is carried over to the next.
func checkUTF8(r io.Reader) (valid bool, line int, err error) {
	buf := make([]byte, chunk)
	line, carry := 1, 0
	for {
		n, err := io.ReadFull(r, buf[carry:])
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return false, 0, err
		}
		data := buf[:carry+n]
		cut := len(data)
		if !eof {
			cut = wholeRunes(data)
		}
		if !utf8.Valid(data[:cut]) {
			return false, line + badLine(data[:cut]) - 1, nil
		}
		line += bytes.Count(data[:cut], []byte{'\n'})
		if eof {
			return true, line, nil
		}
		carry = copy(buf, data[cut:])
	}
}

// wholeRunes returns the length of data without a rune that its last bytes
// begin but do not finish.
func wholeRunes(data []byte) int {
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				return i
			}
			break
		}
	}
	return len(data)
}

// checkDecoded reads decoded text to the end and returns the 1-based line
// of its first U+FFFD, which the decoders write for invalid bytes, or 0.
func checkDecoded(r io.Reader) (int, error) {
	const keep = len("\ufffd") - 1 // a U+FFFD split between two reads
	buf := make([]byte, chunk)
	line, carry := 1, 0
	for {
		n, err := io.ReadFull(r, buf[carry:])
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return 0, err
		}
		data := buf[:carry+n]
		if i := bytes.Index(data, []byte("\ufffd")); i >= 0 {
			return line + bytes.Count(data[:i], []byte{'\n'}), nil
		}
		if eof {
			return 0, nil
		}
		cut := max(0, len(data)-keep)
		line += bytes.Count(data[:cut], []byte{'\n'})
		carry = copy(buf, data[cut:])
	}
}

// A Reader reads a CSV file one record at a time, so that memory does not
// grow with the file: the streaming form of [Read], with the same header
// checks and the same row errors.
type Reader struct {
	file   *File
	cr     *csv.Reader
	header int
}

// NewReader reads the header of the UTF-8 text r (as [Open] returns it) and
// maps it to schema, with the errors of [Read]. name is the file name that
// row errors carry; enc is the encoding the text was read in.
func NewReader(name string, r io.Reader, enc Encoding, schema Schema) (*Reader, error) {
	f := &File{Name: name, Encoding: enc, index: map[string]int{}}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 0
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty file, want a header row: %w", name, ErrHeader)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := f.mapHeader(header, schema); err != nil {
		return nil, err
	}
	return &Reader{file: f, cr: cr, header: len(header)}, nil
}

// Encoding returns the encoding the file was read in.
func (r *Reader) Encoding() Encoding { return r.file.Encoding }

// Next returns the next record that is not blank. At the end it returns
// io.EOF. A record with the wrong number of fields is returned as a
// *RowError, and reading can go on; any other error, such as a malformed
// quote, is fatal.
func (r *Reader) Next() (Row, error) {
	for {
		rec, err := r.cr.Read()
		if errors.Is(err, io.EOF) {
			return Row{}, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
			return Row{}, &RowError{File: r.file.Name, Line: pe.StartLine, Column: len(rec),
				Err: fmt.Errorf("%d fields, want %d as in the header", len(rec), r.header)}
		}
		if err != nil {
			return Row{}, fmt.Errorf("%s: %w", r.file.Name, err)
		}
		line, _ := r.cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		return Row{Line: line, fields: rec, file: r.file}, nil
	}
}

// mapHeader maps the header cells to schema columns, with the errors
// [Read] documents.
func (f *File) mapHeader(header []string, schema Schema) error {
	name := f.Name
	var unknown []string
	for i, h := range header {
		c, ok := lookup(schema, h)
		if !ok {
			unknown = append(unknown, fmt.Sprintf("%q (column %d)", strings.TrimSpace(h), i+1))
			continue
		}
		if j, dup := f.index[c]; dup {
			return fmt.Errorf("%s:1:%d: column %s given twice (columns %d and %d): %w", name, i+1, c, j+1, i+1, ErrHeader)
		}
		f.index[c] = i
	}
	if len(unknown) > 0 {
		return fmt.Errorf("%s:1: unknown column %s; known columns: %s: %w", name, strings.Join(unknown, ", "), schema.names(), ErrHeader)
	}
	var missing []string
	for _, c := range schema {
		if _, ok := f.index[c.Name]; c.Required && !ok {
			missing = append(missing, c.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s:1: missing column %s: %w", name, strings.Join(missing, ", "), ErrHeader)
	}
	return nil
}
