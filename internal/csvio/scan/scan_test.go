package scan

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// result is what a Reader gave for one Read: a record and its line, or an
// error.
type result struct {
	line   int
	fields []string
	err    *RowError
}

func readAll(t *testing.T, r *Reader) []result {
	t.Helper()
	var out []result
	for range 10_000 {
		f, line, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		var re *RowError
		if errors.As(err, &re) {
			out = append(out, result{line: line, err: re})
			if r.Strict {
				return out
			}
			continue
		}
		require.NoError(t, err)
		out = append(out, result{line: line, fields: f})
	}
	t.Fatal("Read does not end")
	return nil
}

func TestReadResynchronises(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []result // errors compared on StartLine, Line, Column, Index and sentinel
		errs []error
	}{
		{
			name: "unmatched quote opening a field swallows nothing",
			// Line 3 opens a quoted field that never closes: encoding/csv
			// reads lines 3–5 as one field and reports an error at the end.
			// Here the error points at the opening quote (line 3,
			// character 4, field 2) and lines 4 and 5 are read again.
			in: "id,date,amount\nP1,2021-01-05,1\nP2,\"2021-01-06,2\nP3,2021-01-07,3\nP4,2021-01-08,4\n",
			want: []result{
				{line: 1, fields: []string{"id", "date", "amount"}},
				{line: 2, fields: []string{"P1", "2021-01-05", "1"}},
				{line: 3, err: &RowError{StartLine: 3, Line: 3, Column: 4, Index: 2}},
				{line: 4, fields: []string{"P3", "2021-01-07", "3"}},
				{line: 5, fields: []string{"P4", "2021-01-08", "4"}},
			},
			errs: []error{ErrQuote},
		},
		{
			name: "bare quote, character column after Chinese text",
			// 项目 is two characters (six bytes): the quote is character 3.
			in: "id,amount\n项目\"x,1\nP2,2\n",
			want: []result{
				{line: 1, fields: []string{"id", "amount"}},
				{line: 2, err: &RowError{StartLine: 2, Line: 2, Column: 3, Index: 1}},
				{line: 3, fields: []string{"P2", "2"}},
			},
			errs: []error{ErrBareQuote},
		},
		{
			name: "text after a closing quote",
			in:   "a,b\n\"x\"y,1\n3,4\n",
			want: []result{
				{line: 1, fields: []string{"a", "b"}},
				{line: 2, err: &RowError{StartLine: 2, Line: 2, Column: 4, Index: 1}},
				{line: 3, fields: []string{"3", "4"}},
			},
			errs: []error{ErrQuote},
		},
		{
			name: "quoted field spanning lines, then a stray quote pairing with a later one",
			// Line 2 is a good two-line record. Line 4's stray quote pairs
			// with line 5's opening quote, which is followed by 1: error on
			// line 5; line 5 is read again and kept.
			in: "a,b\n\"x\ny\",1\nP3,\"bad\nP4,\"1,5\"\n",
			want: []result{
				{line: 1, fields: []string{"a", "b"}},
				{line: 2, fields: []string{"x\ny", "1"}},
				{line: 4, err: &RowError{StartLine: 4, Line: 5, Column: 5, Index: 2}},
				{line: 5, fields: []string{"P4", "1,5"}},
			},
			errs: []error{ErrQuote},
		},
		{
			name: "field counts, both ways",
			in:   "a,b,c\n1,2\n1,2,3,4\n1,2,3\n",
			want: []result{
				{line: 1, fields: []string{"a", "b", "c"}},
				{line: 2, err: &RowError{StartLine: 2, Line: 2, Column: 3, Index: 3}},
				{line: 3, err: &RowError{StartLine: 3, Line: 3, Column: 4, Index: 4}},
				{line: 4, fields: []string{"1", "2", "3"}},
			},
			errs: []error{ErrFieldCount, ErrFieldCount},
		},
		{
			name: "invalid UTF-8 and U+FFFD reject their lines only",
			in:   "a,b\nx\xff,1\ny,\uFFFD\nz,3\n",
			want: []result{
				{line: 1, fields: []string{"a", "b"}},
				{line: 2, err: &RowError{StartLine: 2, Line: 2, Column: 2}},
				{line: 3, err: &RowError{StartLine: 3, Line: 3, Column: 3}},
				{line: 4, fields: []string{"z", "3"}},
			},
			errs: []error{ErrEncoding, ErrEncoding},
		},
		{
			name: "byte order mark dropped at the start only, CRLF, blank lines",
			in:   "\ufeffa,b\r\n\r\n\ufeffx,1\r\n",
			want: []result{
				{line: 1, fields: []string{"a", "b"}},
				{line: 3, fields: []string{"\ufeffx", "1"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, NewReader(strings.NewReader(tt.in)))
			require.Len(t, got, len(tt.want), "%+v", got)
			k := 0
			for i, w := range tt.want {
				g := got[i]
				assert.Equal(t, w.line, g.line, "result %d", i)
				if w.err == nil {
					assert.Nil(t, g.err, "result %d", i)
					assert.Equal(t, w.fields, g.fields, "result %d", i)
					continue
				}
				require.NotNil(t, g.err, "result %d: got %q", i, g.fields)
				assert.Equal(t, [4]int{w.err.StartLine, w.err.Line, w.err.Column, w.err.Index},
					[4]int{g.err.StartLine, g.err.Line, g.err.Column, g.err.Index}, "result %d: %v", i, g.err)
				assert.ErrorIs(t, g.err, tt.errs[k])
				k++
			}
		})
	}
}

func TestReadStrict(t *testing.T) {
	r := NewReader(strings.NewReader("a,b\n1\",2\n3,4\n"))
	r.Strict = true
	_, _, err := r.Read()
	require.NoError(t, err)
	_, line, err := r.Read()
	assert.ErrorIs(t, err, ErrBareQuote)
	assert.Equal(t, 2, line)
	_, _, again := r.Read()
	assert.Same(t, err, again, "strict: the first error is fatal")
}

func TestReadTooLong(t *testing.T) {
	// Records of 10 bytes at most: line 2 (11 bytes) is skipped unheld;
	// the quoted field opened on line 3 grows past the bound on line 4,
	// which is then read again (and kept).
	r := NewReader(strings.NewReader("a,b\n12345,67890\n\"xxxx\nyy\",1\n1,2\n"))
	r.MaxRecord = 10
	got := readAll(t, r)
	require.Len(t, got, 5)
	assert.ErrorIs(t, got[1].err, ErrTooLong)
	assert.Equal(t, 2, got[1].line)
	assert.ErrorIs(t, got[2].err, ErrTooLong)
	assert.Equal(t, 3, got[2].line)
	assert.ErrorIs(t, got[3].err, ErrBareQuote, "line 4 read from its start")
	assert.Equal(t, []string{"1", "2"}, got[4].fields)
}

func TestLongLineAcrossBuffer(t *testing.T) {
	// A line longer than the 64 KiB read buffer is read whole.
	long := strings.Repeat("x", 200_000)
	got := readAll(t, NewReader(strings.NewReader("a,b\n"+long+",1\n2,3")))
	require.Len(t, got, 3)
	assert.Equal(t, []string{long, "1"}, got[1].fields)
	assert.Equal(t, []string{"2", "3"}, got[2].fields)
}

func TestCheckCode(t *testing.T) {
	assert.NoError(t, CheckCode("P2"))
	assert.NoError(t, CheckCode("项目-01"))
	for in, want := range map[string]string{
		"\ufeffP2": `invisible character U+FEFF (byte order mark) at character 1 of "\ufeffP2"`,
		"P\u200b2": `invisible character U+200B (zero width space) at character 2 of "P\u200b2"`,
		"P2\u200d": `invisible character U+200D (zero width joiner) at character 3 of "P2\u200d"`,
		"P\u20602": `invisible character U+2060 (word joiner) at character 2 of "P\u20602"`,
		"P\u061c2": `invisible character U+061C (format character) at character 2 of "P\u061c2"`,
	} {
		err := CheckCode(in)
		assert.ErrorIs(t, err, ErrInvisible, "%q", in)
		assert.EqualError(t, err, want)
	}
}

// FuzzAgreesWithEncodingCSV: on input encoding/csv reads without error
// (with FieldsPerRecord 0), Reader gives the same records, and on any input
// every line is accounted for: records and errors start on distinct,
// increasing lines.
func FuzzAgreesWithEncodingCSV(f *testing.F) {
	f.Add("a,b\n1,2\n")
	f.Add("a,b\n\"x\ny\",1\n\"\"\"\",2\n")
	f.Add("a,b\n1\",2\n3,4\n")
	f.Add("\ufeffa\r\n\r\nb\n")
	f.Fuzz(func(t *testing.T, in string) {
		var want [][]string
		cr := csv.NewReader(strings.NewReader(in))
		var cerr error
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				cerr = err
				break
			}
			want = append(want, rec)
		}
		r := NewReader(strings.NewReader(in))
		var got [][]string
		last, bad := 0, false
		for range len(in) + 2 {
			rec, line, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			var re *RowError
			if err != nil && !errors.As(err, &re) {
				t.Fatalf("not a *RowError: %v", err)
			}
			if line <= last {
				t.Fatalf("line %d after %d: lines must increase", line, last)
			}
			last = line
			if err != nil {
				bad = true
				continue
			}
			got = append(got, rec)
		}
		if cerr == nil && utf8OK(in) {
			// The BOM rule differs: encoding/csv keeps a leading BOM.
			if strings.HasPrefix(in, "\ufeff") {
				return
			}
			require.False(t, bad, "encoding/csv read %q without error", in)
			require.Equal(t, want, got)
		}
	})
}

func utf8OK(s string) bool { return badEncoding([]byte(s)) < 0 }

// FuzzReadBytesEqualsRead reads the same input with Read and with
// ReadBytes, strict and not, and checks every record (its fields as text
// and its line) and every error (line, column, message) agree, each
// record compared before the next is read, as ReadBytes's views last.
func FuzzReadBytesEqualsRead(f *testing.F) {
	f.Add("a,b\n1,2\n")
	f.Add("a,b\n\"x\ny\",1\n\"\"\"\",2\n")
	f.Add("a,b\n1\",2\n3,4\n\"open,5\n6,7\n")
	f.Add("\ufeffa,b\r\n\r\n1,2,3\n\xff,1\n \" q \" ,2\n")
	f.Add("h\n\"\"\n,\n\n\"a\"\"b\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		for _, strict := range []bool{false, true} {
			rs, rb := NewReader(strings.NewReader(in)), NewReader(strings.NewReader(in))
			rs.Strict, rb.Strict = strict, strict
			rs.MaxRecord, rb.MaxRecord = 64, 64
			for i := range len(in) + 2 {
				want, wantLine, wantErr := rs.Read()
				got, gotLine, gotErr := rb.ReadBytes()
				require.Equal(t, wantLine, gotLine, "record %d: line", i)
				if wantErr != nil {
					require.Error(t, gotErr, "record %d", i)
					require.Equal(t, wantErr.Error(), gotErr.Error(), "record %d", i)
					if errors.Is(wantErr, io.EOF) || strict {
						require.Nil(t, got)
						break
					}
					continue
				}
				require.NoError(t, gotErr, "record %d", i)
				texts := make([]string, len(got))
				for j, b := range got {
					texts[j] = string(b)
				}
				require.Equal(t, want, texts, "record %d", i)
			}
		}
	})
}
