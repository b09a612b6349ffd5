package csvio

import (
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var schema = Schema{
	{Name: "name", Aliases: []string{"项目名称"}, Required: true},
	{Name: "submitted", Aliases: []string{"送审金额"}, Required: true},
	{Name: "note", Aliases: []string{"备注"}},
}

const zhCSV = "项目名称,送审金额\n一上,\"17,702.19万元\"\n二上,\"3,436.29万元\"\n"

func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	require.NoError(t, err)
	return b
}

func TestReadEncodings(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		enc  Encoding
		want Encoding
	}{
		{"utf-8", []byte(zhCSV), Auto, UTF8},
		{"utf-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, zhCSV...), Auto, UTF8},
		{"gb18030 detected", gb18030(t, zhCSV), Auto, GB18030},
		{"gb18030 named", gb18030(t, zhCSV), GB18030, GB18030},
		{"gbk named", gb18030(t, zhCSV), GBK, GBK}, // these characters encode the same in GBK
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read("r.csv", tt.data, tt.enc, schema)
			require.NoError(t, err)
			assert.Equal(t, tt.want, f.Encoding)
			require.Len(t, f.Rows, 2)
			assert.Equal(t, "一上", f.Rows[0].Get("name"))
			assert.Equal(t, "17,702.19万元", f.Rows[0].Get("submitted"))
			assert.Equal(t, 2, f.Rows[0].Line)
			assert.Equal(t, "二上", f.Rows[1].Get("name"))
			assert.Equal(t, 3, f.Rows[1].Line)
			assert.False(t, f.Rows[0].Has("note"))
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		enc  Encoding
		want string
	}{
		{"gb18030 read as utf-8", gb18030(t, zhCSV), UTF8, "r.csv:1: invalid UTF-8 (is the file GB18030? try --encoding gb18030)"},
		{"utf-16", []byte{0xFF, 0xFE, 'a', 0}, Auto, "r.csv: UTF-16 is not supported; save the file as UTF-8 or GB18030"},
		{"empty", nil, Auto, "r.csv: empty file, want a header row: bad header"},
		{"missing column", []byte("name,note\na,b\n"), Auto, "r.csv:1: missing column submitted: bad header"},
		{"unknown column", []byte("name,submitted,amount\n"), Auto,
			`r.csv:1: unknown column "amount" (column 3); known columns: name (项目名称), submitted (送审金额), note (备注): bad header`},
		{"duplicate column", []byte("name,送审金额,submitted\n"), Auto, "r.csv:1:3: column submitted given twice (columns 2 and 3): bad header"},
		{"bare quote in the header", []byte("na\"me,submitted\na,1\n"), Auto, `r.csv:1:3: bare " in non-quoted-field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("r.csv", tt.data, tt.enc, schema)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestReadFieldCountAndTally(t *testing.T) {
	data := []byte("name,submitted\na,1\nb\n\nc,3\n")
	f, err := Read("r.csv", data, Auto, schema)
	require.NoError(t, err)
	require.Len(t, f.Rows, 2) // a and c; the blank line 4 is no record
	require.Len(t, f.Errors, 1)
	// Column 2: the first missing field. (It used to print the number of
	// fields, 1, as the column; with too many fields that is the first
	// extra one, as now.)
	assert.Equal(t, "r.csv:3:2: 1 fields, want 2 as in the header", f.Errors[0].Error())

	var tl Tally
	tl.Start(f)
	tl.Accept()
	bad := f.Rows[1].Err("submitted", errors.New("not an amount"))
	tl.Reject(bad)
	assert.Equal(t, "r.csv:5:2: submitted: not an amount", bad.Error())
	assert.Equal(t, "rows read 3, accepted 1, rejected 2", tl.Summary(false))
	assert.Equal(t, "读取 3 行，接受 1 行，拒绝 2 行", tl.Summary(true))
	assert.Len(t, tl.Errors, 2)
}

func TestParseEncoding(t *testing.T) {
	for in, want := range map[string]Encoding{"": Auto, "UTF-8": UTF8, "utf8": UTF8, "GB18030": GB18030, "gbk": GBK} {
		got, err := ParseEncoding(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := ParseEncoding("latin1")
	assert.EqualError(t, err, `unknown encoding "latin1" (want auto, utf-8, gb18030 or gbk)`)
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(zhCSV))
	f.Add([]byte("name,submitted\na\"b,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read("f.csv", data, Auto, schema)
		if err != nil {
			return
		}
		// Every record is a row or an error, once: their start lines are
		// distinct and after the header.
		seen := map[int]bool{}
		for _, r := range file.Rows {
			_ = r.Get("name")
			assert.Greater(t, r.Line, 1)
			assert.False(t, seen[r.Line], "line %d twice", r.Line)
			seen[r.Line] = true
		}
		for _, e := range file.Errors {
			assert.Greater(t, e.StartLine, 1)
			assert.False(t, seen[e.StartLine], "line %d twice", e.StartLine)
			seen[e.StartLine] = true
		}
	})
}

// TestReadBadRowsAreNotFatal: the inputs of issue 16 that made a whole CSV
// portfolio fatal reject one row each, with its line and character column,
// and every other row is read.
func TestReadBadRowsAreNotFatal(t *testing.T) {
	good := "name,submitted\n一上,1\n二上,2\n三上,3\n"
	tests := []struct {
		name string
		data []byte
		enc  Encoding
		want string // the one row error
		sent error
		rows []string
	}{
		{"stray quote", []byte("name,submitted\n一上,1\n二\"上,2\n三上,3\n"), Auto,
			`r.csv:3:2: bare " in non-quoted-field`, ErrBareQuote, []string{"一上", "三上"}},
		{"unmatched opening quote", []byte("name,submitted\n一上,1\n\"二上,2\n三上,3\n"), Auto,
			// The field opened on line 3 runs to the end: the error points
			// at its opening quote, then line 4 is read again.
			"r.csv:3:1: extraneous or missing \" in quoted-field: the quoted field opened here is not closed", ErrQuote, []string{"一上", "三上"}},
		{"invalid GB18030 byte", append(gb18030(t, "name,submitted\n一上,1\n"), append([]byte("\x81,2\n"), gb18030(t, "三上,3\n")...)...), Auto,
			"r.csv:3:1: invalid byte sequence: invalid gb18030 (try --encoding utf-8)", ErrEncoding, []string{"一上", "三上"}},
		{"UTF-8 file with one GB18030 line", append([]byte("name,submitted\n一上,1\n"), append(gb18030(t, "二上,2\n"), "三上,3\n"...)...), Auto,
			// 二 in GB18030 is B6 FE, invalid UTF-8 at character 1.
			"r.csv:3:1: invalid byte sequence: invalid UTF-8 (is the file GB18030? try --encoding gb18030)", ErrEncoding, []string{"一上", "三上"}},
		// The reverse, a UTF-8 line in a GB18030 file, is not found: UTF-8
		// Chinese is mostly valid GB18030 (二上 reads as 浜屼笂).
		{"BOM in the middle of the file, in a code", []byte("name,submitted\n一上,1\n\ufeff二上,2\n三上,3\n"), Auto,
			`r.csv:3:1: name: invisible character U+FEFF (byte order mark) at character 1 of "\ufeff二上"`, ErrInvisible, []string{"一上", "三上"}},
		{"zero-width space in a code", []byte("name,submitted\n一上,1\n二\u200b上,2\n三上,3\n"), Auto,
			`r.csv:3:1: name: invisible character U+200B (zero width space) at character 2 of "二\u200b上"`, ErrInvisible, []string{"一上", "三上"}},
	}
	codes := Schema{{Name: "name", Required: true, Code: true}, {Name: "submitted", Required: true}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read("r.csv", tt.data, tt.enc, codes)
			require.NoError(t, err)
			var names []string
			for _, r := range f.Rows {
				names = append(names, r.Get("name"))
			}
			assert.Equal(t, tt.rows, names)
			require.Len(t, f.Errors, 1)
			assert.ErrorIs(t, f.Errors[0], tt.sent)
			assert.Equal(t, 3, f.Errors[0].StartLine)
			assert.Equal(t, tt.want, f.Errors[0].Error())
			var tl Tally
			tl.Start(f)
			assert.Equal(t, tl.Read, len(f.Rows)+tl.Rejected)
		})
	}
	f, err := Read("r.csv", []byte(good), Auto, codes)
	require.NoError(t, err)
	assert.Len(t, f.Rows, 3)
	assert.Empty(t, f.Errors)
}

// TestPrefixColumns: a Prefix column maps every header cell it begins
// (case ignored) to a column of its own, named as written after the
// prefix; Row.Columns lists them in header order, and the same column
// twice is a header error.
func TestPrefixColumns(t *testing.T) {
	schema := Schema{{Name: "id", Required: true}, {Name: "host.", Prefix: true}}
	f, err := Read("p.csv", []byte("id,Host.PriorGrade,host.Priority\nA,差,2\nB,,\n"), UTF8, schema)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.Rows[0].Columns("host."), []string{"host.PriorGrade", "host.Priority"}; !slices.Equal(got, want) {
		t.Fatalf("columns %q, want %q", got, want)
	}
	if got := f.Rows[0].Get("host.PriorGrade"); got != "差" {
		t.Errorf("host.PriorGrade = %q, want 差", got)
	}
	if got := f.Rows[1].Get("host.Priority"); got != "" {
		t.Errorf("row 2 host.Priority = %q, want empty", got)
	}
	if e := f.Rows[0].Err("host.Priority", errors.New("x")); e.Column != 3 {
		t.Errorf("error column %d, want 3", e.Column)
	}
	// "host." alone names no column of the family.
	for _, header := range []string{"id,host.A,HOST.A\n", "id,host.\n"} {
		if _, err := Read("p.csv", []byte(header), UTF8, schema); !errors.Is(err, ErrHeader) {
			t.Errorf("%q: err %v, want ErrHeader", header, err)
		}
	}
	// A file without the family has no columns of it.
	f, err = Read("p.csv", []byte("id\nA\n"), UTF8, schema)
	if err != nil || len(f.Rows) != 1 || f.Rows[0].Columns("host.") != nil {
		t.Fatalf("got %v, %v", f, err)
	}
}

// TestColAt: a column found once reads every row's cell as Get reads it by
// name, trimmed, "" for a column the file lacks, and its errors are Err's:
// in "送审金额,项目名称" the header puts submitted at field 1 and name at
// field 2, and note nowhere (field 0).
func TestColAt(t *testing.T) {
	data := "送审金额,项目名称\n\" 12 \",一上\n3,二上\n"
	f, err := Read("r.csv", []byte(data), Auto, schema)
	require.NoError(t, err)
	require.Len(t, f.Rows, 2)
	name, submitted, note := f.Rows[0].Col("name"), f.Rows[0].Col("submitted"), f.Rows[0].Col("note")
	assert.Equal(t, "name", name.Name())
	want := [][2]string{{"12", "一上"}, {"3", "二上"}}
	for i, r := range f.Rows {
		assert.Equal(t, want[i][0], r.At(submitted), "row %d submitted", i)
		assert.Equal(t, want[i][1], r.At(name), "row %d name", i)
		assert.Equal(t, r.Get("name"), r.At(name))
		assert.Equal(t, "", r.At(note))
		for _, c := range []Col{name, submitted, note} {
			cause := errors.New("bad")
			assert.Equal(t, r.Err(c.Name(), cause), r.ErrAt(c, cause), "row %d column %s", i, c.Name())
		}
	}
	assert.Equal(t, "r.csv:3:2: name: bad", f.Rows[1].ErrAt(name, errors.New("bad")).Error())
	assert.Equal(t, "r.csv:2:0: note: bad", f.Rows[0].ErrAt(note, errors.New("bad")).Error())
	var zero Col
	assert.Equal(t, "", f.Rows[0].At(zero))
}
