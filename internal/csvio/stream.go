package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
)

// chunk is how much of a file Open holds at a time while it detects the
// encoding: memory does not grow with the file.
const chunk = 64 << 10

// Open opens the named file as UTF-8 text, decoded as it is read: the
// streaming form of [Decode], with the same detection, the same text and
// the byte order mark dropped. Like Decode it does not fail on bytes that
// are invalid in the encoding (a [Reader] rejects the rows holding them);
// only UTF-16 is an error. With Auto, a file that has no byte order mark
// is read once first, one chunk at a time, to count the lines invalid in
// UTF-8 and, if there are any, in GB18030, so that the choice is Decode's;
// the text is then read again as it is consumed. The caller closes the
// returned reader.
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

// open detects the encoding of f as [Decode] does and returns its text,
// read from the start.
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
	rewind := func(at int64) error {
		if _, err := f.Seek(at, io.SeekStart); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	if enc == Auto {
		enc = UTF8
		if !hasBOM {
			if err := rewind(0); err != nil {
				return nil, enc, err
			}
			utfBad, err := countBadLines(f, false)
			if err != nil {
				return nil, enc, fmt.Errorf("%s: %w", name, err)
			}
			if utfBad > 0 {
				if err := rewind(0); err != nil {
					return nil, enc, err
				}
				gbBad, err := countBadLines(transform.NewReader(f, simplifiedchinese.GB18030.NewDecoder()), true)
				if err != nil {
					return nil, enc, fmt.Errorf("%s: %w", name, err)
				}
				if gbBad < utfBad {
					enc = GB18030
				}
			}
		}
	}
	if enc == UTF8 {
		start := int64(0)
		if hasBOM {
			start = 3
		}
		if err := rewind(start); err != nil {
			return nil, enc, err
		}
		return f, enc, nil
	}
	var e encoding.Encoding = simplifiedchinese.GB18030
	if enc == GBK {
		e = simplifiedchinese.GBK
	}
	if err := rewind(0); err != nil {
		return nil, enc, err
	}
	return transform.NewReader(f, e.NewDecoder()), enc, nil
}

// countBadLines reads r to the end, one chunk at a time, and counts the
// lines holding invalid UTF-8, or with decoded also U+FFFD (the character
// the decoders write for bytes they cannot read): the count [Decode]
// makes with badLines, without holding the file. A line may span chunks;
// a rune split between two reads is carried over to the next, so that it
// is checked whole (and a U+FFFD, itself a rune, is never split).
func countBadLines(r io.Reader, decoded bool) (int, error) {
	buf := make([]byte, chunk)
	bad, carry := 0, 0
	lineBad := false // the line read so far, up to the chunk's start, is bad
	for {
		n, err := io.ReadFull(r, buf[carry:])
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return 0, err
		}
		data := buf[:carry+n]
		cut := len(data)
		if !eof {
			cut = wholeRunes(data)
		}
		for seg := range bytes.Lines(data[:cut]) {
			if !lineBad && (!utf8.Valid(seg) || decoded && bytes.Contains(seg, []byte("\uFFFD"))) {
				lineBad = true
			}
			if seg[len(seg)-1] == '\n' {
				if lineBad {
					bad++
				}
				lineBad = false
			}
		}
		if eof {
			if lineBad {
				bad++ // the last line, without a line end
			}
			return bad, nil
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

// A Reader reads a CSV file one record at a time, so that memory does not
// grow with the file: the streaming form of [Read] (which is a Reader
// collected), with the same header checks and the same row errors.
type Reader struct {
	file *File
	sr   Records
	// codes are the file's [Column.Code] columns, checked in every row.
	codes []Col
}

// Records is a source of records other than CSV text, such as the rows of
// a spreadsheet's sheet: Read returns the next record's cells and its
// 1-based line (the sheet's row number), io.EOF at the end, or a
// *RowError for a record that cannot be read, after which reading goes on.
// *scan.Reader is one.
type Records interface {
	Read() (fields []string, line int, err error)
}

// NewRecordReader is [NewReader] over records that are already split into
// cells: the first record is the header, mapped to schema with the errors
// of [Read], and every row is checked, reported and counted as a CSV
// file's, with name and the record's line in its errors. enc is the
// encoding named in hints (UTF8 for a workbook).
func NewRecordReader(name string, src Records, enc Encoding, schema Schema) (*Reader, error) {
	return newReader(name, src, enc, schema)
}

// ReadRecords is [Read] over records already split into cells; see
// [NewRecordReader].
func ReadRecords(name string, src Records, schema Schema) (*File, error) {
	r, err := newReader(name, src, UTF8, schema)
	if err != nil {
		return nil, err
	}
	return r.collect()
}

// NewReader reads the header of the UTF-8 text r (as [Open] or [Decode]
// return it) and maps it to schema, with the errors of [Read]. name is the
// file name that row errors carry; enc is the encoding the text was read
// in, named in the hint of an encoding error.
func NewReader(name string, r io.Reader, enc Encoding, schema Schema) (*Reader, error) {
	return newReader(name, scan.NewReader(r), enc, schema)
}

func newReader(name string, sr Records, enc Encoding, schema Schema) (*Reader, error) {
	f := &File{Name: name, Encoding: enc, index: map[string]int{}}
	header, _, err := sr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty file, want a header row: %w", name, ErrHeader)
	}
	if err != nil {
		var re *RowError
		if !errors.As(err, &re) {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		re.File = name
		if errors.Is(re, ErrEncoding) {
			return nil, fmt.Errorf("%s:%d: %s", name, re.Line, encodingHint(enc))
		}
		return nil, re
	}
	if err := f.mapHeader(header, schema); err != nil {
		return nil, err
	}
	return &Reader{file: f, sr: sr, codes: f.codeCols(schema)}, nil
}

// Encoding returns the encoding the file was read in.
func (r *Reader) Encoding() Encoding { return r.file.Encoding }

// Next returns the next record that is not blank. At the end it returns
// io.EOF. A record that cannot be read (a stray quote, a wrong number of
// fields, bytes invalid in the encoding, a record over
// [scan.DefaultMaxRecord], an invisible character in a [Column.Code]
// column) is returned as a *RowError with the file, line and column, and
// the next call goes on at the line after the one it started on. Any other
// error, a failure to read the text, is fatal.
func (r *Reader) Next() (Row, error) {
	for {
		rec, line, err := r.sr.Read()
		if err != nil {
			return Row{}, r.readError(err)
		}
		if blank(rec) {
			continue
		}
		row := Row{Line: line, fields: rec, file: r.file}
		if re := row.checkCodes(r.codes); re != nil {
			return Row{}, re
		}
		return row, nil
	}
}

// readError is [Reader.Next]'s error for err, a failed read of a record:
// io.EOF as it is, a *RowError with the file's name (and for bytes invalid
// in the encoding, its hint), any other error with the name. It is apart
// from Next so that the errors.As target, which moves to the heap, is
// taken for a failed record only, never for a good one.
func (r *Reader) readError(err error) error {
	if errors.Is(err, io.EOF) {
		return io.EOF
	}
	var re *RowError
	if errors.As(err, &re) {
		re.File = r.file.Name
		if errors.Is(re, ErrEncoding) {
			re.Err = fmt.Errorf("%w: %s", ErrEncoding, encodingHint(r.file.Encoding))
		}
		return re
	}
	return fmt.Errorf("%s: %w", r.file.Name, err)
}

// NextBytes is [Reader.Next] with the row's cells as bytes ([Row.Bytes]),
// so that a caller that parses its cells, or copies the few it keeps,
// builds no string for the record: the same rows, blank ones skipped, and
// the same errors. The row is valid until the next call of Next or
// NextBytes. Over [Records] other than CSV text, whose records are strings
// already, it is Next.
func (r *Reader) NextBytes() (Row, error) {
	sr, ok := r.sr.(*scan.Reader)
	if !ok {
		return r.Next()
	}
	for {
		cells, line, err := sr.ReadBytes()
		if err != nil {
			return Row{}, r.readError(err)
		}
		if blankCells(cells) {
			continue
		}
		row := Row{Line: line, cells: cells, file: r.file}
		if re := row.checkCodes(r.codes); re != nil {
			return Row{}, re
		}
		return row, nil
	}
}

// Col returns the schema column name as the file's header places it, to
// read with [Row.At] in every row.
func (r *Reader) Col(name string) Col { return r.file.col(name) }

// ReuseRecord lets the rows [Reader.Next] returns share one slice of
// cells, which the next call overwrites: a caller that is done with each
// row before reading the next allocates nothing per row for it. The cells'
// strings are never reused, and stay valid. It does nothing for
// [Records] other than CSV text.
func (r *Reader) ReuseRecord() {
	if sr, ok := r.sr.(*scan.Reader); ok {
		sr.ReuseRecord = true
	}
}

// mapHeader maps the header cells to schema columns, with the errors
// [Read] documents.
func (f *File) mapHeader(header []string, schema Schema) error {
	name := f.Name
	var unknown []string
	for i, h := range header {
		c, family, ok := lookup(schema, h)
		if !ok {
			unknown = append(unknown, fmt.Sprintf("%q (column %d)", strings.TrimSpace(h), i+1))
			continue
		}
		if j, dup := f.index[c]; dup {
			return fmt.Errorf("%s:1:%d: column %s given twice (columns %d and %d): %w", name, i+1, c, j+1, i+1, ErrHeader)
		}
		f.index[c] = i
		if family != "" {
			if f.families == nil {
				f.families = map[string][]string{}
			}
			f.families[family] = append(f.families[family], c)
		}
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
