package goals

// The parser behind ParseTarget: operators, numbers with their grouping,
// units and suffixes, ranges and deadlines, as goals tables print them.

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// parser reads one target's text (ParseTarget).
type parser struct {
	in      string
	pos     int
	noGroup bool // inside [a,b], where a comma separates the bounds
}

func (p *parser) fail(off int, err error) error {
	return &TargetError{Input: p.in, Offset: off, Err: err}
}

// norm maps full-width forms and look-alikes to the ASCII the parser reads.
func norm(r rune) rune {
	switch {
	case r >= '！' && r <= '～':
		return r - '！' + '!'
	case r == '\u3000':
		return ' '
	case r == '≧' || r == '⩾':
		return '≥'
	case r == '≦' || r == '⩽':
		return '≤'
	case r == '﹦' || r == '═' || r == '⩵':
		// small, box-drawing and doubled equals signs, as forms print "="
		return '='
	case r == '﹥':
		return '>'
	case r == '﹤':
		return '<'
	case r == '—' || r == '–' || r == '−' || r == '〜':
		return '-'
	case r == '【' || r == '〔':
		return '['
	case r == '】' || r == '〕':
		return ']'
	case r == '、':
		return ','
	}
	return r
}

// peek returns the normalised rune at the current position and its size.
func (p *parser) peek() (rune, int) {
	if p.pos >= len(p.in) {
		return 0, 0
	}
	r, n := utf8.DecodeRuneInString(p.in[p.pos:])
	return norm(r), n
}

func (p *parser) skipSpace() {
	for {
		r, n := p.peek()
		if n == 0 || !unicode.IsSpace(r) {
			return
		}
		p.pos += n
	}
}

// eat consumes word (compared after normalisation) if the input continues
// with it.
func (p *parser) eat(word string) bool {
	i := p.pos
	for _, w := range word {
		if i >= len(p.in) {
			return false
		}
		r, n := utf8.DecodeRuneInString(p.in[i:])
		if norm(r) != w {
			return false
		}
		i += n
	}
	p.pos = i
	return true
}

var operatorWords = []struct {
	word string
	op   Operator
}{
	// Longest first, so that ">=" wins over ">" and 大于等于 over 大于.
	{">=", AtLeast}, {"=>", AtLeast}, {"<=", AtMost}, {"=<", AtMost}, {"==", Equal},
	{"大于等于", AtLeast}, {"小于等于", AtMost}, {"大于或等于", AtLeast}, {"小于或等于", AtMost},
	{"不低于", AtLeast}, {"不少于", AtLeast}, {"不小于", AtLeast}, {"至少", AtLeast}, {"达到", AtLeast},
	{"不高于", AtMost}, {"不超过", AtMost}, {"不多于", AtMost}, {"不大于", AtMost}, {"至多", AtMost}, {"控制在", AtMost},
	{"≥", AtLeast}, {"≤", AtMost}, {"=", Equal}, {">", Above}, {"<", Below},
	{"等于", Equal}, {"大于", Above}, {"高于", Above}, {"超过", Above}, {"小于", Below}, {"低于", Below},
	// "约100人", "≈100人": about the target, read as Equal within
	// Config.Tolerance (an evaluator sets the tolerance the form means).
	{"大约", Equal}, {"约为", Equal}, {"约", Equal}, {"≈", Equal},
}

func (p *parser) operator() (Operator, bool) {
	for _, w := range operatorWords {
		if p.eat(w.word) {
			return w.op, true
		}
	}
	return AtLeast, false
}

func (p *parser) target() (Target, error) {
	if !utf8.ValidString(p.in) {
		return Target{}, p.fail(0, ErrSyntax)
	}
	p.skipSpace()
	if p.pos == len(p.in) {
		return Target{}, p.fail(0, ErrEmpty)
	}
	start := p.pos
	op, explicit := p.operator()
	p.skipSpace()
	if p.isDate() {
		return p.deadline(op, explicit, start)
	}
	r, _ := p.peek()
	if isDigit(r) || r == '-' || r == '+' || r == '.' || (r == '[' && !explicit) {
		if r == '[' {
			return p.bracketRange()
		}
		return p.quantity(op, explicit)
	}
	if explicit {
		return Target{}, p.fail(p.pos, ErrSyntax)
	}
	if p.unknownOperator() {
		// "≒100人", "*95%": a symbol the parser does not know before a
		// number. Reading it as a qualitative phrase would lose the number
		// and report the numeric actual as missing.
		return Target{}, p.fail(start, ErrOperator)
	}
	p.pos = start
	return Target{Op: Qualitative}, nil
}

// maxOperatorRunes bounds the symbols looked at before a number when
// deciding whether an unknown operator was printed.
const maxOperatorRunes = 4

// unknownOperator reports whether the input, at the current position,
// holds up to maxOperatorRunes symbols or punctuation marks (not letters,
// not digits) followed, after spaces, by a digit.
func (p *parser) unknownOperator() bool {
	i, syms := p.pos, 0
	for i < len(p.in) && syms <= maxOperatorRunes {
		r, n := utf8.DecodeRuneInString(p.in[i:])
		r = norm(r)
		switch {
		case isDigit(r):
			return syms > 0
		case unicode.IsSpace(r) && syms > 0:
		case unicode.IsSymbol(r) || unicode.IsPunct(r):
			syms++
		default:
			return false
		}
		i += n
	}
	return false
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// number scans a decimal number: an optional sign, digits with optional
// thousands separators between digits, an optional fraction. It returns the
// number's text (normalised to ASCII, separators removed) and the byte range
// it spans in the input.
func (p *parser) number() (string, int, int, error) {
	start := p.pos
	var b strings.Builder
	if r, n := p.peek(); r == '-' || r == '+' {
		if r == '-' {
			b.WriteByte('-')
		}
		p.pos += n
		p.skipSpace()
	}
	digits, dot := 0, false
	for {
		r, n := p.peek()
		switch {
		case isDigit(r):
			b.WriteRune(r)
			digits++
		case r == ',' && digits > 0 && !dot && !p.noGroup && p.groupAfter(n):
			// thousands separator, dropped
		case r == '.' && !dot && p.digitAfter(n):
			b.WriteByte('.')
			dot = true
		default:
			if digits == 0 {
				return "", start, p.pos, p.fail(p.pos, ErrSyntax)
			}
			return b.String(), start, p.pos, nil
		}
		p.pos += n
	}
}

// groupAfter reports whether exactly three digits follow the n-byte
// separator at the current position, as a thousands group needs.
func (p *parser) groupAfter(n int) bool {
	i := p.pos + n
	for k := 0; k < 4; k++ {
		if i >= len(p.in) {
			return k == 3
		}
		r, size := utf8.DecodeRuneInString(p.in[i:])
		if !isDigit(norm(r)) {
			return k == 3
		}
		i += size
	}
	return false
}

// numEnd returns the end of the number starting at start, as number
// scanned it: the first byte that is not part of a number.
func (p *parser) numEnd(start int) int {
	q := parser{in: p.in, pos: start, noGroup: p.noGroup}
	_, _, end, _ := q.number()
	return end
}

// digitAfter reports whether a digit follows the n-byte rune at the current
// position.
func (p *parser) digitAfter(n int) bool {
	if p.pos+n >= len(p.in) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p.in[p.pos+n:])
	return isDigit(norm(r))
}

// unitText scans the unit after a number, stopping at a range separator, a
// closing bracket, a comma or the end.
func (p *parser) unitText() (string, int) {
	p.skipSpace()
	start := p.pos
	for {
		r, n := p.peek()
		if n == 0 || r == '-' || r == '~' || r == ']' || r == ',' || r == '至' || r == '到' {
			break
		}
		if p.atSuffix() {
			break
		}
		p.pos += n
	}
	return strings.TrimSpace(p.in[start:p.pos]), start
}

var suffixWords = []struct {
	word string
	op   Operator
}{
	{"及以上", AtLeast}, {"以上", AtLeast}, {"及以下", AtMost}, {"以下", AtMost}, {"以内", AtMost}, {"之内", AtMost},
}

func (p *parser) atSuffix() bool {
	if strings.HasPrefix(p.in[p.pos:], "之间") {
		return true
	}
	for _, w := range suffixWords {
		if strings.HasPrefix(p.in[p.pos:], w.word) {
			return true
		}
	}
	return false
}

// suffix reads a trailing 以上/以下/以内 and combines it with the operator
// read before the number: the two must agree.
func (p *parser) suffix(op Operator, explicit bool) (Operator, bool, error) {
	p.skipSpace()
	for _, w := range suffixWords {
		at := p.pos
		if p.eat(w.word) {
			if explicit && op != w.op {
				return op, explicit, p.fail(at, ErrSyntax)
			}
			return w.op, true, nil
		}
	}
	return op, explicit, nil
}

// value converts a scanned number and unit to a decimal in the normalised
// unit. Money goes through performance.ParseAmount.
func (p *parser) value(num string, unit string, numStart, unitStart int) (decimal.Decimal, string, error) {
	if unit != "" {
		first, _ := utf8.DecodeRuneInString(unit)
		if !unicode.IsLetter(first) && !strings.ContainsRune(unitSymbols, norm(first)) {
			return decimal.Decimal{}, "", p.fail(unitStart, ErrSyntax)
		}
		for _, r := range unit {
			if isDigit(norm(r)) || strings.ContainsRune("<>=≤≥[]()", norm(r)) {
				return decimal.Decimal{}, "", p.fail(unitStart, ErrSyntax)
			}
		}
		if utf8.RuneCountInString(unit) > maxUnitRunes {
			return decimal.Decimal{}, "", p.fail(unitStart, ErrSyntax)
		}
	}
	canon, money := NormalizeUnit(unit)
	if money {
		// The amount's own parser checks grouping and reads the unit.
		d, err := performance.ParseAmount(p.in[numStart:p.numEnd(numStart)] + unit)
		if err != nil {
			return decimal.Decimal{}, "", p.fail(numStart, fmt.Errorf("%w: %w", ErrSyntax, err))
		}
		return d, canon, nil
	}
	d, err := performance.ParseDecimal(num)
	if err != nil {
		return decimal.Decimal{}, "", p.fail(numStart, fmt.Errorf("%w: %w", ErrSyntax, err))
	}
	return d, canon, nil
}

func (p *parser) quantity(op Operator, explicit bool) (Target, error) {
	num, numStart, _, err := p.number()
	if err != nil {
		return Target{}, err
	}
	unit, unitStart := p.unitText()
	lo, canon, err := p.value(num, unit, numStart, unitStart)
	if err != nil {
		return Target{}, err
	}
	p.skipSpace()
	if r, n := p.peek(); r == '-' || r == '~' || r == '至' || r == '到' {
		if explicit {
			return Target{}, p.fail(p.pos, ErrSyntax)
		}
		p.pos += n
		p.skipSpace()
		num2, num2Start, _, err := p.number()
		if err != nil {
			return Target{}, err
		}
		unit2, unit2Start := p.unitText()
		if unit == "" {
			// "80~90%": the unit printed once applies to both ends.
			if lo, canon, err = p.value(num, unit2, numStart, unit2Start); err != nil {
				return Target{}, err
			}
		}
		hi, canon2, err := p.value(num2, unit2, num2Start, unit2Start)
		if err != nil {
			return Target{}, err
		}
		if unit2 == "" {
			if hi, canon2, err = p.value(num2, unit, num2Start, unitStart); err != nil {
				return Target{}, err
			}
		}
		if canon != canon2 {
			return Target{}, p.fail(unit2Start, ErrInvertedRange)
		}
		return p.finishRange(lo, hi, canon, num2Start)
	}
	if strings.HasSuffix(unit, "前") {
		// "12月底前": a deadline without a year cannot be placed.
		return Target{}, p.fail(numStart, ErrDate)
	}
	op, suffixed, err := p.suffix(op, explicit)
	if err != nil {
		return Target{}, err
	}
	p.skipSpace()
	if p.pos != len(p.in) {
		return Target{}, p.fail(p.pos, ErrSyntax)
	}
	implied := !explicit && !suffixed
	if implied && lo.IsZero() {
		// "0起" (no accidents): zero can only be a ceiling.
		op = AtMost
	}
	return Target{Op: op, Value: lo, Unit: canon, Implied: implied}, nil
}

func (p *parser) finishRange(lo, hi decimal.Decimal, unit string, hiStart int) (Target, error) {
	p.skipSpace()
	_ = p.eat("之间")
	p.skipSpace()
	if p.pos != len(p.in) {
		return Target{}, p.fail(p.pos, ErrSyntax)
	}
	if lo.GreaterThan(hi) {
		return Target{}, p.fail(hiStart, ErrInvertedRange)
	}
	return Target{Op: Range, Value: lo, Upper: hi, Unit: unit}, nil
}

// bracketRange reads "[80,90]", "[80%,90%]" or "[80,90]%".
func (p *parser) bracketRange() (Target, error) {
	_, n := p.peek() // '[' or a full-width bracket
	p.pos += n
	p.noGroup = true
	p.skipSpace()
	num, numStart, _, err := p.number()
	if err != nil {
		return Target{}, err
	}
	unit, unitStart := p.unitText()
	if !p.eat(",") {
		return Target{}, p.fail(p.pos, ErrSyntax)
	}
	p.skipSpace()
	num2, num2Start, _, err := p.number()
	if err != nil {
		return Target{}, err
	}
	unit2, unit2Start := p.unitText()
	if !p.eat("]") {
		return Target{}, p.fail(p.pos, ErrSyntax)
	}
	p.noGroup = false
	if unit == "" && unit2 == "" {
		unit, unitStart = p.unitText()
		unit2, unit2Start = unit, unitStart
	}
	if unit == "" {
		unit, unitStart = unit2, unit2Start
	}
	if unit2 == "" {
		unit2, unit2Start = unit, unitStart
	}
	lo, canon, err := p.value(num, unit, numStart, unitStart)
	if err != nil {
		return Target{}, err
	}
	hi, canon2, err := p.value(num2, unit2, num2Start, unit2Start)
	if err != nil {
		return Target{}, err
	}
	if canon != canon2 {
		return Target{}, p.fail(unit2Start, ErrInvertedRange)
	}
	return p.finishRange(lo, hi, canon, num2Start)
}

// isDate reports whether the input continues with a date: four digits
// followed by 年, or an ISO date 2006-01-02.
func (p *parser) isDate() bool {
	rest := p.in[p.pos:]
	i, digits := 0, 0
	for i < len(rest) && digits < 5 {
		r, n := utf8.DecodeRuneInString(rest[i:])
		if !isDigit(norm(r)) {
			break
		}
		digits++
		i += n
	}
	if digits != 4 || i == len(rest) {
		return false
	}
	r, n := utf8.DecodeRuneInString(rest[i:])
	if r == '年' {
		return true
	}
	sepc := norm(r)
	if sepc != '-' && sepc != '/' && sepc != '.' {
		return false
	}
	// 2006-01-02, 2006/01/02 or 2006.01.02: a second separator of the same
	// kind (a range such as 2000-3000 or a number such as 2022.5 has none).
	j, sep := i+n, 0
	for j < len(rest) {
		r, n := utf8.DecodeRuneInString(rest[j:])
		if c := norm(r); c == sepc {
			sep++
		} else if !isDigit(c) {
			break
		}
		j += n
	}
	return sep == 1
}

// smallInt reads up to maxDigits digits as a number.
func (p *parser) smallInt(maxDigits int) (int, bool) {
	v, d := 0, 0
	for d < maxDigits {
		r, n := p.peek()
		if !isDigit(r) {
			break
		}
		v = v*10 + int(r-'0')
		d++
		p.pos += n
	}
	return v, d > 0
}

// deadline reads 2022年12月31日前, 2023年10月, 2023年底前, 2022-12-31 (or
// 2022/12/31, 2022.12.31), with the
// operator already read.
func (p *parser) deadline(op Operator, explicit bool, opStart int) (Target, error) {
	if explicit && op != AtMost && op != Below {
		return Target{}, p.fail(opStart, ErrDate) // a date target is a deadline
	}
	dateStart := p.pos
	year, _ := p.smallInt(4)
	month, day := 0, 0
	if p.eat("年") {
		p.skipSpace()
		if m, ok := p.smallInt(2); ok {
			month = m
			if !p.eat("月") {
				return Target{}, p.fail(p.pos, ErrDate)
			}
			p.skipSpace()
			if d, ok := p.smallInt(2); ok {
				day = d
				if !p.eat("日") && !p.eat("号") {
					return Target{}, p.fail(p.pos, ErrDate)
				}
			}
		}
	} else {
		sep, n := p.peek() // '-', '/' or '.', perhaps full-width
		p.pos += n
		m, ok := p.smallInt(2)
		if !ok || !p.eat(string(sep)) {
			return Target{}, p.fail(p.pos, ErrDate)
		}
		d, ok := p.smallInt(2)
		if !ok {
			return Target{}, p.fail(p.pos, ErrDate)
		}
		month, day = m, d
	}
	p.skipSpace()
	_ = p.eat("底") || p.eat("末")
	p.skipSpace()
	before := p.eat("之前") || p.eat("以前") || p.eat("前")
	p.skipSpace()
	if p.pos != len(p.in) {
		return Target{}, p.fail(p.pos, ErrSyntax)
	}
	if year < 1900 || year > 2200 || month > 12 || (day > 0 && month == 0) {
		return Target{}, p.fail(dateStart, ErrDate)
	}
	// first and last day of the named period
	var first, last time.Time
	switch {
	case month == 0:
		first = time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)
		last = time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC)
	case day == 0:
		if month < 1 {
			return Target{}, p.fail(dateStart, ErrDate)
		}
		first = time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
		last = first.AddDate(0, 1, -1)
	default:
		if month < 1 {
			return Target{}, p.fail(dateStart, ErrDate)
		}
		first = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if first.Day() != day || first.Month() != time.Month(month) {
			return Target{}, p.fail(dateStart, ErrDate)
		}
		last = first
	}
	deadline := last
	if explicit && op == Below {
		deadline = first.AddDate(0, 0, -1)
	}
	return Target{Op: AtMost, Deadline: deadline, Implied: !explicit && !before}, nil
}
