package main

// The column readers of a CSV portfolio: each file's columns found once for
// all its rows, and a row read straight into its submission or cost line.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/internal/intern"
	"github.com/jixiao-go/jixiao/performance"
)

// projectCols are the columns of a projects file, found once for all its
// rows, and the amounts of its short cells.
type projectCols struct {
	id, name, unitID, fiscalYear, kind, new, category, basis, content csvio.Col
	periodStart, periodEnd, totalInvestment, investedToDate, amount   csvio.Col
	fundSource, round                                                 csvio.Col
	// amounts holds the amounts of the common short texts ("0") read
	// before, by their text (see costCols).
	amounts intern.Decimals
}

// projectColsOf finds the columns of projectsSchema with col (a
// csvio.Reader's or a row's Col).
func projectColsOf(col func(string) csvio.Col) *projectCols {
	return &projectCols{
		id: col("project_id"), name: col("name"), unitID: col("unit_id"), fiscalYear: col("fiscal_year"), kind: col("kind"),
		new: col("new"), category: col("category"), basis: col("basis"), content: col("content"),
		periodStart: col("period_start"), periodEnd: col("period_end"), totalInvestment: col("total_investment"),
		investedToDate: col("invested_to_date"), amount: col("amount"), fundSource: col("fund_source"), round: col("round"),
	}
}

// row reads one row of a projects CSV into sub, zero, its cells read
// straight into it. An empty round is round 1.
func (c *projectCols) row(r csvio.Row, sub *exante.Submission) []*csvio.RowError {
	var errs []*csvio.RowError
	p := &sub.Project
	p.ID, p.Name, p.UnitID = r.At(c.id), r.At(c.name), r.At(c.unitID)
	p.Category, p.Basis, p.Content, p.FundSource = r.At(c.category), r.At(c.basis), r.At(c.content), r.At(c.fundSource)
	// The kind as a form prints it (一次性, 经常性项目 …) reads as its code;
	// an unknown kind rejects the row rather than matching no rule.
	if k, err := performance.ParseKind(r.At(c.kind)); err != nil {
		errs = append(errs, r.ErrAt(c.kind, err))
	} else {
		p.Kind = k
	}
	if p.ID == "" {
		errs = append(errs, r.ErrAt(c.id, errors.New("empty")))
	}
	if v := r.At(c.fiscalYear); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, r.ErrAt(c.fiscalYear, fmt.Errorf("%q is not a year", v)))
		}
		p.FiscalYear = n
	}
	switch v := r.At(c.new); v {
	case "", "否", "0", "延续":
	case "是", "1", "新增":
		p.New = true
	default:
		switch strings.ToLower(v) {
		case "false", "no":
		case "true", "yes":
			p.New = true
		default:
			errs = append(errs, r.ErrAt(c.new, fmt.Errorf("%q is not true or false (是/否)", v)))
		}
	}
	month := func(col csvio.Col, m *performance.Month) {
		if v := r.At(col); v != "" {
			var err error
			if *m, err = performance.ParseMonth(v); err != nil {
				errs = append(errs, r.ErrAt(col, err))
			}
		}
	}
	month(c.periodStart, &p.Period.Start)
	month(c.periodEnd, &p.Period.End)
	amount := func(col csvio.Col, d *decimal.Decimal, required bool) {
		v := r.At(col)
		if v == "" {
			if required {
				errs = append(errs, r.ErrAt(col, errors.New("empty")))
			}
			return
		}
		var err error
		if *d, err = cellDecimal([]byte(v), &c.amounts, performance.ParseAmount); err != nil {
			errs = append(errs, r.ErrAt(col, err))
		}
	}
	amount(c.totalInvestment, &p.TotalInvestment, false)
	amount(c.investedToDate, &p.InvestedToDate, false)
	amount(c.amount, &p.Amount, true)
	// Host columns: host.NAME's cell is the text of Project.Host[NAME],
	// parsed by the rules as the type the policy declares for NAME; an
	// empty cell is no value (the field's default, or a per-project error
	// of a rule that reads it).
	for _, col := range r.Columns(hostPrefix) {
		v := r.Get(col)
		if v == "" {
			continue
		}
		if p.Host == nil {
			p.Host = performance.HostValues{}
		}
		p.Host[col[len(hostPrefix):]] = v
	}
	round := 1
	if v := r.At(c.round); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			errs = append(errs, r.ErrAt(c.round, fmt.Errorf("%q is not a round (1, 2, …)", v)))
		}
		round = n
	}
	sub.Round = round
	return errs
}

// costCols are the columns of a cost-lines file, found once for all its
// rows, and the decimals of its short cells by their text.
type costCols struct {
	projectID, round, item, specification, quantity, unit, unitPrice, amount, standardID csvio.Col
	// quantities and amounts hold the quantities (ParseNumber) and the
	// amounts (ParseAmount) of the common short texts ("12", "0"), so that
	// one repeated through the file is built once (internal/intern).
	quantities, amounts intern.Decimals
	// texts holds the short texts of the items, units, specifications
	// and standards (设备维护, 项), which repeat through the file: a table
	// of the most slots (textsDocSize), so that a few dozen texts rarely
	// share one and evict each other.
	texts *intern.Strings
}

// textsDocSize is the document size costCols.texts is made for
// (intern.NewStrings): a megabyte or more gives a table its most slots,
// 4096 (about 160 KB), which a cost-lines file of any size fills.
const textsDocSize = 1 << 20

// costColsOf finds the columns of costLinesSchema with col (a
// csvio.Reader's or a row's Col).
func costColsOf(col func(string) csvio.Col) *costCols {
	return &costCols{
		projectID: col("project_id"), round: col("round"), item: col("item"), specification: col("specification"),
		quantity: col("quantity"), unit: col("unit"), unitPrice: col("unit_price"), amount: col("amount"),
		standardID: col("standard_id"), texts: intern.NewStrings(textsDocSize),
	}
}

// line reads one row of a cost-lines CSV, its cells read straight into
// the line. It reads the cells as bytes (csvio.Row.Bytes): the amounts and
// quantities are parsed from them, and the texts the line keeps are made
// strings by strings (see costCols.texts), so that a row of
// csvio.Reader.NextBytes costs no string of its own.
func (c *costCols) line(r csvio.Row) (performance.CostLine, []*csvio.RowError) {
	var errs []*csvio.RowError
	var l performance.CostLine
	c.textsOf(r, &l)
	if l.Item == "" {
		errs = append(errs, r.ErrAt(c.item, errors.New("empty")))
	}
	if v := r.Bytes(c.quantity); len(v) > 0 {
		q, err := cellDecimal(v, &c.quantities, performance.ParseNumber)
		if err != nil {
			errs = append(errs, r.ErrAt(c.quantity, fmt.Errorf("%q is not a number: %w", v, err)))
		}
		l.Quantity = q
	}
	// The line is built in place: no pointer into it is kept, so that it
	// does not move to the heap for each row.
	var re *csvio.RowError
	if l.UnitPrice, re = costAmount(r, c.unitPrice, false, &c.amounts); re != nil {
		errs = append(errs, re)
	}
	if l.Amount, re = costAmount(r, c.amount, true, &c.amounts); re != nil {
		errs = append(errs, re)
	}
	return l, errs
}

// textsOf sets the texts of l, its item, specification, unit and
// standard, from the cells of r: a short one (intern.MaxString bytes at
// most) as the string texts holds for it, the longer ones cut from one
// string built for them all, so that a row allocates one string at most.
func (c *costCols) textsOf(r csvio.Row, l *performance.CostLine) {
	cells := [...][]byte{r.Bytes(c.item), r.Bytes(c.specification), r.Bytes(c.unit), r.Bytes(c.standardID)}
	dst := [...]*string{&l.Item, &l.Specification, &l.Unit, &l.StandardID}
	long := 0
	for _, b := range cells {
		if len(b) > intern.MaxString {
			long += len(b)
		}
	}
	var rest string
	if long > 0 {
		var sb strings.Builder
		sb.Grow(long)
		for _, b := range cells {
			if len(b) > intern.MaxString {
				sb.Write(b)
			}
		}
		rest = sb.String()
	}
	for i, b := range cells {
		switch {
		case len(b) == 0:
		case len(b) > intern.MaxString:
			*dst[i], rest = rest[:len(b)], rest[len(b):]
		default:
			*dst[i] = c.texts.String(b)
		}
	}
}

// costAmount reads the amount in column col of a cost line: zero when
// the cell is empty, which is an error when required. known holds the
// amounts read before by their text.
func costAmount(r csvio.Row, col csvio.Col, required bool, known *intern.Decimals) (decimal.Decimal, *csvio.RowError) {
	v := r.Bytes(col)
	if len(v) == 0 {
		if required {
			return decimal.Decimal{}, r.ErrAt(col, errors.New("empty"))
		}
		return decimal.Decimal{}, nil
	}
	d, err := cellDecimal(v, known, performance.ParseAmount)
	if err != nil {
		return d, r.ErrAt(col, err)
	}
	return d, nil
}

// cellDecimal returns the decimal of a cell's text b as parse
// (performance.ParseAmount or ParseNumber) reads it, or parse's error: the
// decimal known holds for the text, or else the text's plain form
// ("-?d+(.d+)?", which both parsers read as exact.Plain does) built
// without parsing, or else parse's, kept in known. b is only read.
func cellDecimal(b []byte, known *intern.Decimals, parse func(string) (decimal.Decimal, error)) (decimal.Decimal, error) {
	if d, ok := known.Get(b); ok {
		return d, nil
	}
	d, ok := intern.Plain(b)
	if !ok {
		var err error
		if d, err = parse(string(b)); err != nil {
			return decimal.Decimal{}, err
		}
	}
	known.Put(b, d)
	return d, nil
}
