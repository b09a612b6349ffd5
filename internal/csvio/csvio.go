// Package csvio reads the CSV files the jixiao command accepts: a header row,
// then one record per line, in UTF-8 with or without a byte order mark or in
// GB18030/GBK, the encodings spreadsheet software in Chinese locales writes.
// Columns are found by name (with aliases, such as 送审金额 for submitted), and
// every bad row is reported with file, line and column and costs no other:
// a row that cannot be split (a stray quote, a wrong number of fields,
// bytes invalid in the encoding) is rejected and reading resumes at the
// next line (package scan, the splitter, which the library's own CSV
// readers share). It is the command's helper, not API.
package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
)

// Encoding is the character encoding of an input file. The zero value, Auto,
// detects it: a UTF-8 byte order mark or valid UTF-8 is UTF-8, anything else
// is whichever of UTF-8 and GB18030 (a superset of GBK and GB2312) leaves
// fewer lines invalid; see [Decode].
type Encoding uint8

const (
	// Auto detects the encoding. It is the zero value.
	Auto Encoding = iota
	// UTF8 is UTF-8, with or without a byte order mark.
	UTF8
	// GB18030 is the Chinese national standard encoding, a superset of GBK.
	GB18030
	// GBK is the older Chinese encoding written by many spreadsheets.
	GBK
)

// ParseEncoding reads an --encoding flag value: auto, utf-8 (utf8),
// gb18030, gbk (cp936); case is ignored.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return Auto, nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "gb18030":
		return GB18030, nil
	case "gbk", "cp936", "gb2312":
		return GBK, nil
	}
	return Auto, fmt.Errorf("unknown encoding %q (want auto, utf-8, gb18030 or gbk)", s)
}

// String returns the encoding's name as --encoding takes it.
func (e Encoding) String() string {
	switch e {
	case UTF8:
		return "utf-8"
	case GB18030:
		return "gb18030"
	case GBK:
		return "gbk"
	}
	return "auto"
}

// Decode returns data as UTF-8 text and the encoding it was read in. With
// Auto the encoding is detected: a byte order mark or valid UTF-8 is UTF-8;
// otherwise the encoding in which fewer lines are invalid, UTF-8 on a tie,
// so that a UTF-8 file with one line saved in GB18030 (or the reverse)
// blames that line only. A UTF-8 byte order mark at the start is dropped.
//
// Bytes that are not valid in the encoding do not fail the file: invalid
// UTF-8 is left as is, and GB18030 or GBK bytes that do not decode become
// U+FFFD, for [Read] (or package scan) to reject the rows holding them,
// each with its line. Only UTF-16, which cannot be read line by line this
// way, is an error.
func Decode(name string, data []byte, enc Encoding) (string, Encoding, error) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "", enc, fmt.Errorf("%s: UTF-16 is not supported; save the file as UTF-8 or GB18030", name)
	}
	hasBOM := bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if enc == Auto {
		enc = UTF8
		if !hasBOM && !utf8.Valid(data) {
			gb := decodeGB(data, GB18030)
			if badLines(gb, true) < badLines(data, false) {
				return string(gb), GB18030, nil
			}
		}
	}
	if enc == UTF8 {
		return string(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})), enc, nil
	}
	return string(decodeGB(data, enc)), enc, nil
}

// decodeGB decodes GB18030 or GBK; bytes that do not decode become U+FFFD
// (the decoders never fail, and never take a line end into a character).
func decodeGB(data []byte, enc Encoding) []byte {
	var e encoding.Encoding = simplifiedchinese.GB18030
	if enc == GBK {
		e = simplifiedchinese.GBK
	}
	text, err := e.NewDecoder().Bytes(data)
	if err != nil {
		// Not expected from these decoders; keep the lines readable anyway.
		return bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return text
}

// badLines counts the lines holding invalid UTF-8, or with decoded also
// U+FFFD.
func badLines(data []byte, decoded bool) int {
	n := 0
	for line := range bytes.Lines(data) {
		if !utf8.Valid(line) || decoded && bytes.Contains(line, []byte("\uFFFD")) {
			n++
		}
	}
	return n
}

// A Column is one column a reader expects, found in the header by Name or
// any of its Aliases (case and surrounding spaces ignored). Code marks a
// column of identifiers or codes (project IDs, unit codes): a value holding
// an invisible character (see [scan.CheckCode]) rejects its row.
//
// Prefix marks a family of columns rather than one: every header cell that
// starts with Name (case ignored) followed by at least one more character
// is a column of its own, named Name and the rest as written ("host." and
// "Host.PriorGrade" give "host.PriorGrade"). [Row.Columns] lists them.
// Aliases, Required and Code do not apply to a family.
type Column struct {
	Name     string
	Aliases  []string
	Required bool
	Code     bool
	Prefix   bool
}

// A Schema is the columns of one kind of file.
type Schema []Column

// ErrHeader is wrapped by errors about the header row: missing or unknown
// columns, an empty file.
var ErrHeader = errors.New("bad header")

// The sentinels a [RowError] of a record that cannot be split wraps; see
// package scan.
var (
	ErrQuote      = scan.ErrQuote
	ErrBareQuote  = scan.ErrBareQuote
	ErrFieldCount = scan.ErrFieldCount
	ErrEncoding   = scan.ErrEncoding
	ErrTooLong    = scan.ErrTooLong
	ErrInvisible  = scan.ErrInvisible
)

// A File is a decoded CSV file: its header mapped to schema columns and its
// records with their line numbers.
type File struct {
	Name     string
	Encoding Encoding
	Rows     []Row
	// Errors are the records that could not be read, one error per record:
	// a stray quote, a wrong number of fields, bytes invalid in the
	// encoding, an invisible character in a code column. They are already
	// counted as rejected by a [Tally].
	Errors []*RowError
	index  map[string]int
	// families are the columns of each Prefix column, by prefix, in
	// header order.
	families map[string][]string
}

// A Row is one record of a file. A row of [Reader.NextBytes] over CSV text
// holds its cells as bytes, valid until the reader's next row; any other
// holds strings, valid for good.
type Row struct {
	// Line is the 1-based line the record starts on.
	Line   int
	fields []string
	cells  [][]byte // a row of NextBytes: views of the reader's buffer
	file   *File
}

// text returns the trimmed cell of field i (0-based), "" past the
// record's end; a cell of a row of NextBytes is copied.
func (r Row) text(i int) string {
	switch {
	case i < len(r.fields):
		return strings.TrimSpace(r.fields[i])
	case i < len(r.cells):
		return string(bytes.TrimSpace(r.cells[i]))
	}
	return ""
}

// Get returns the trimmed value of the schema column name, or "" when the
// file has no such column.
func (r Row) Get(name string) string {
	i, ok := r.file.index[name]
	if !ok {
		return ""
	}
	return r.text(i)
}

// A Col is a schema column as one file's header places it, found once by
// name with [Reader.Col] or [Row.Col], so that reading its cell in every
// row ([Row.At]) takes no lookup by name. The zero Col is a column the
// file does not have.
type Col struct {
	name string
	i    int // the field's index, plus one; 0 when the file lacks it
}

// Name returns the column's schema name.
func (c Col) Name() string { return c.name }

// col returns the column name of f.
func (f *File) col(name string) Col {
	if i, ok := f.index[name]; ok {
		return Col{name: name, i: i + 1}
	}
	return Col{name: name}
}

// Col returns the schema column name as this row's file has it.
func (r Row) Col(name string) Col { return r.file.col(name) }

// At returns the trimmed value of column c, or "" when the file has no
// such column: [Row.Get] for a column found once.
func (r Row) At(c Col) string {
	if c.i == 0 {
		return ""
	}
	return r.text(c.i - 1)
}

// Bytes returns the trimmed value of column c as bytes, empty when the
// file has no such column: [Row.At] without building a string. For a row
// of [Reader.NextBytes] it is a view of the reader's buffer, valid until
// the next row is read and not to be modified; for any other row, a copy.
func (r Row) Bytes(c Col) []byte {
	switch {
	case c.i == 0:
		return nil
	case c.i <= len(r.cells):
		return bytes.TrimSpace(r.cells[c.i-1])
	case c.i <= len(r.fields):
		return []byte(strings.TrimSpace(r.fields[c.i-1]))
	}
	return nil
}

// ErrAt returns a row error for column c, as [Row.Err] does for its name.
func (r Row) ErrAt(c Col, err error) *RowError {
	return &RowError{File: r.file.Name, StartLine: r.Line, Line: r.Line, Column: c.i, Index: c.i, Field: c.name, Err: err}
}

// Columns returns the columns of the family prefix (a [Column.Prefix]
// column's Name) that the header has, in header order: the names
// [Row.Get] takes, such as "host.PriorGrade". The slice is shared by every
// row; do not modify it.
func (r Row) Columns(prefix string) []string { return r.file.families[prefix] }

// Has reports whether the file has the schema column name.
func (r Row) Has(name string) bool {
	_, ok := r.file.index[name]
	return ok
}

// Err returns a row error for the schema column name; its Column is the
// column's field number.
func (r Row) Err(name string, err error) *RowError {
	col := 0
	if i, ok := r.file.index[name]; ok {
		col = i + 1
	}
	return &RowError{File: r.file.Name, StartLine: r.Line, Line: r.Line, Column: col, Index: col, Field: name, Err: err}
}

// A RowError is a problem with one record: the file, 1-based line and
// column, and the column's schema name; see [scan.RowError]. For a record
// that cannot be split Column is the character column of the problem, for
// a cell's value the field number.
type RowError = scan.RowError

func norm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Read decodes data, reads the header and maps it to schema: a [Reader]
// over the decoded text, collected. A required column that is missing, a
// header cell that names no schema column, a column named twice or a
// header that cannot be read is a fatal error (wrapping [ErrHeader] for the
// column problems). Every other record that cannot be read (a stray quote,
// a wrong number of fields, bytes invalid in the encoding, an invisible
// character in a [Column.Code] column) is kept in File.Errors with its line
// and column, and reading goes on at the next line: no bad row costs the
// others.
func Read(name string, data []byte, enc Encoding, schema Schema) (*File, error) {
	text, enc, err := Decode(name, data, enc)
	if err != nil {
		return nil, err
	}
	r, err := NewReader(name, strings.NewReader(text), enc, schema)
	if err != nil {
		return nil, err
	}
	return r.collect()
}

// collect reads every record of r into its File, keeping the errors of the
// records that cannot be read.
func (r *Reader) collect() (*File, error) {
	f := r.file
	for {
		row, err := r.Next()
		if err == nil {
			f.Rows = append(f.Rows, row)
			continue
		}
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		var re *RowError // taken for a failed record only: it moves to the heap
		if !errors.As(err, &re) {
			return nil, err
		}
		f.Errors = append(f.Errors, re)
	}
}

// codeCols returns f's columns of the [Column.Code] columns of schema, in
// schema order.
func (f *File) codeCols(schema Schema) []Col {
	var cs []Col
	for _, c := range schema {
		if c.Code {
			cs = append(cs, f.col(c.Name))
		}
	}
	return cs
}

// checkCodes returns the error of the first code column (of codes, in
// schema order) holding an invisible character.
func (r Row) checkCodes(codes []Col) *RowError {
	for _, c := range codes {
		if r.cells != nil && ascii(r.Bytes(c)) {
			continue // no invisible character: read without a string
		}
		if err := scan.CheckCode(r.At(c)); err != nil {
			return r.ErrAt(c, err)
		}
	}
	return nil
}

// ascii reports whether b is all ASCII, which holds no format character.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// encodingHint is the message for bytes invalid in enc.
func encodingHint(enc Encoding) string {
	if enc == UTF8 {
		return "invalid UTF-8 (is the file GB18030? try --encoding gb18030)"
	}
	return fmt.Sprintf("invalid %s (try --encoding utf-8)", enc)
}

// blank reports whether every field of rec is empty but for spaces.
func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// blankCells is blank for a record of bytes.
func blankCells(rec [][]byte) bool {
	for _, b := range rec {
		if len(bytes.TrimSpace(b)) != 0 {
			return false
		}
	}
	return true
}

// lookup returns the schema column of header cell h, and for a column of a
// family its prefix.
func lookup(schema Schema, h string) (name, family string, ok bool) {
	raw := strings.TrimSpace(h)
	h = norm(h)
	for _, c := range schema {
		if c.Prefix {
			continue
		}
		if norm(c.Name) == h || slices.ContainsFunc(c.Aliases, func(a string) bool { return norm(a) == h }) {
			return c.Name, "", true
		}
	}
	for _, c := range schema {
		if c.Prefix && len(raw) > len(c.Name) && strings.EqualFold(raw[:len(c.Name)], c.Name) {
			return c.Name + raw[len(c.Name):], c.Name, true
		}
	}
	return "", "", false
}

func (s Schema) names() string {
	names := make([]string, len(s))
	for i, c := range s {
		names[i] = c.Name
		if c.Prefix {
			names[i] += "NAME"
		}
		if len(c.Aliases) > 0 {
			names[i] += " (" + strings.Join(c.Aliases, ", ") + ")"
		}
	}
	return strings.Join(names, ", ")
}

// A Tally counts the records of a run: read, accepted and rejected, and keeps
// the errors of the rejected ones. Nothing is dropped silently.
type Tally struct {
	Read, Accepted, Rejected int
	Errors                   []*RowError
}

// Start counts the records of f that could not be split into fields.
func (t *Tally) Start(f *File) {
	t.Read += len(f.Rows) + len(f.Errors)
	t.Rejected += len(f.Errors)
	t.Errors = append(t.Errors, f.Errors...)
}

// Accept counts one accepted record.
func (t *Tally) Accept() { t.Accepted++ }

// Reject counts one rejected record and keeps its errors.
func (t *Tally) Reject(errs ...*RowError) {
	t.Rejected++
	t.Errors = append(t.Errors, errs...)
}

// Summary returns "rows read N, accepted N, rejected N" in English, or the
// Chinese form when zh is true.
func (t *Tally) Summary(zh bool) string {
	if zh {
		return fmt.Sprintf("读取 %d 行，接受 %d 行，拒绝 %d 行", t.Read, t.Accepted, t.Rejected)
	}
	return fmt.Sprintf("rows read %d, accepted %d, rejected %d", t.Read, t.Accepted, t.Rejected)
}
