package monitoring_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/monitoring"
)

// noLossFile is a generated records file: its text, the records of its
// valid rows in order and the lines of its corrupt rows.
type noLossFile struct {
	text    string
	valid   []monitoring.Record
	corrupt []int
}

// grouped writes the integer n with thousands separators.
func grouped(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// validRow returns a valid row (fields in the order id, date, amount,
// classification when class) and its record. Quoted fields start with a
// digit or a minus sign, never with a quote or a comma: a stray opening
// quote before such a field closes on its first quote and fails at once
// (the quote is followed by the digit).
func validRow(rng *rand.Rand, class bool) ([]string, monitoring.Record) {
	r := monitoring.Record{
		ProjectID: fmt.Sprintf("P%03d", rng.IntN(50)),
		Date:      time.Date(2021, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC),
	}
	fen := rng.Int64N(100_000_000)
	if rng.IntN(10) == 0 {
		fen = -fen // a reversal
	}
	r.Amount = decimal.New(fen, -2)
	var amount string
	abs, sign := fen, ""
	if fen < 0 {
		abs, sign = -fen, "-"
	}
	switch rng.IntN(4) {
	case 0:
		amount = fmt.Sprintf("%s%d.%02d", sign, abs/100, abs%100)
	case 1: // "1,234.50", quoted for its commas
		amount = fmt.Sprintf("%q", fmt.Sprintf("%s%s.%02d", sign, grouped(abs/100), abs%100))
	case 2: // in 万元: fen × 10^-6 万元 = fen × 10^-2 yuan
		amount = decimal.New(fen, -6).String() + "万元"
	default: // full-width digits and point
		plain := fmt.Sprintf("%s%d.%02d", sign, abs/100, abs%100)
		amount = strings.Map(func(c rune) rune {
			switch {
			case c >= '0' && c <= '9':
				return c - '0' + '０'
			case c == '.':
				return '．'
			}
			return c
		}, plain)
	}
	row := []string{r.ProjectID, r.Date.Format(time.DateOnly), amount}
	if class {
		r.Classification = []string{"30201", "31002", "办公费"}[rng.IntN(3)]
		row = append(row, r.Classification)
	}
	return row, r
}

// corruptRow spoils a valid row so that it must be rejected.
func corruptRow(rng *rand.Rand, row []string, kind byte) string {
	switch kind % 7 {
	case 0: // a bare quote inside the project ID
		row[0] = row[0][:1] + `"` + row[0][1:]
	case 1: // a quote opening the date field, never closed on its line
		row[1] = `"` + row[1]
	case 2: // one field too many
		row = append(row, "x")
	case 3: // one field too few
		row = row[:len(row)-1]
	case 4: // an invalid UTF-8 byte
		i := rng.IntN(len(row))
		row[i] += "\xff"
	case 5: // the U+FFFD a decoder writes for a bad GB18030 byte
		i := rng.IntN(len(row))
		row[i] = "\uFFFD" + row[i]
	default: // a BOM or zero-width character in the project ID
		row[0] = []string{"\ufeff", "\u200b", "\u200c", "\u200d", "\u2060"}[rng.IntN(5)] + row[0]
	}
	return strings.Join(row, ",")
}

func genNoLoss(seed uint64, nValid int, corrupt []byte) noLossFile {
	rng := rand.New(rand.NewPCG(seed, 0x16))
	class := rng.IntN(2) == 0
	eol := "\n"
	if rng.IntN(3) == 0 {
		eol = "\r\n"
	}
	var b strings.Builder
	if rng.IntN(2) == 0 {
		b.WriteString("\ufeff") // a BOM at the start of the file is fine
	}
	b.WriteString("project_id,date,amount")
	if class {
		b.WriteString(",classification")
	}
	b.WriteString(eol)
	// Decide, in order, which rows are corrupt.
	total := nValid + len(corrupt)
	bad := map[int]byte{}
	for _, k := range corrupt {
		for {
			if i := rng.IntN(total); bad[i] == 0 {
				bad[i] = k | 0x80 // nonzero
				break
			}
		}
	}
	var f noLossFile
	for i := range total {
		row, rec := validRow(rng, class)
		line := i + 2
		if k, ok := bad[i]; ok {
			b.WriteString(corruptRow(rng, row, k&0x7f))
			f.corrupt = append(f.corrupt, line)
		} else {
			b.WriteString(strings.Join(row, ","))
			f.valid = append(f.valid, rec)
		}
		b.WriteString(eol)
	}
	f.text = b.String()
	return f
}

// FuzzNoLoss: in a valid records file with corrupt rows inserted anywhere,
// every valid row is accepted with its values, in order, and every corrupt
// row is rejected with its own line: read = accepted + rejected, nothing
// lost, nothing swallowed by a neighbour.
func FuzzNoLoss(f *testing.F) {
	f.Add(uint64(1), uint8(20), []byte{0, 1, 2, 3, 4, 5, 6})
	f.Add(uint64(2), uint8(5), []byte{1, 1, 1})
	f.Add(uint64(3), uint8(0), []byte{1})
	f.Add(uint64(4), uint8(200), []byte{})
	f.Fuzz(func(t *testing.T, seed uint64, nValid uint8, corrupt []byte) {
		if len(corrupt) > 64 {
			corrupt = corrupt[:64]
		}
		file := genNoLoss(seed, int(nValid), corrupt)
		var accepted []monitoring.Record
		var rejected []int
		read := 0
		for r, err := range monitoring.ReadRecords(strings.NewReader(file.text)) {
			read++
			if err != nil {
				var pe *monitoring.RowError
				require.ErrorAs(t, err, &pe)
				rejected = append(rejected, pe.Line)
				continue
			}
			accepted = append(accepted, r)
		}
		require.Equal(t, read, len(accepted)+len(rejected))
		require.Equal(t, len(file.valid)+len(file.corrupt), read, "every row read once:\n%s", file.text)
		require.Equal(t, file.corrupt, rejected, "the corrupt rows, by line:\n%s", file.text)
		require.Len(t, accepted, len(file.valid))
		for i, w := range file.valid {
			g := accepted[i]
			require.Equal(t, w.ProjectID, g.ProjectID, "row %d", i)
			require.True(t, w.Date.Equal(g.Date), "row %d: %s, want %s", i, g.Date, w.Date)
			require.True(t, w.Amount.Equal(g.Amount), "row %d: %s, want %s", i, g.Amount, w.Amount)
			require.Equal(t, w.Classification, g.Classification, "row %d", i)
		}
	})
}
