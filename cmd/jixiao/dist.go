package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// statedDistribution is a published grade distribution: the classes' labels
// (优, 良, 中, 差 when omitted), a total count, and either the shares as
// printed or the counts per class.
type statedDistribution struct {
	Name      string   `json:"name"`
	Total     int      `json:"total,omitempty"`
	Amount    string   `json:"amount,omitempty"`
	Labels    []string `json:"labels,omitempty"`
	Shares    []string `json:"shares,omitempty"`
	Counts    []int    `json:"counts,omitempty"`
	Tolerance bool     `json:"tolerance,omitempty"`
}

// distFinding is the check of one published grade distribution.
type distFinding struct {
	Name       string                    `json:"name"`
	Total      int                       `json:"total,omitempty"`
	Amount     *decimal.Decimal          `json:"amount,omitempty"`
	Labels     []string                  `json:"labels"`
	Counts     []int                     `json:"counts,omitempty"`
	Shares     []decimal.Decimal         `json:"shares,omitempty"`
	Places     int32                     `json:"places"`
	Consistent bool                      `json:"consistent"`
	Code       string                    `json:"code"`
	Message    performance.Text          `json:"message"`
	Check      *performance.ShareFinding `json:"check,omitempty"`
}

func (d distFinding) stated() string {
	if d.Check != nil {
		return fmt.Sprintf("%d: %s", d.Total, joinShares(d.Check.Published.Shares, d.Places))
	}
	return fmt.Sprintf("%d: %s", d.Total, joinInts(d.Counts))
}

func (d distFinding) computed() string {
	switch {
	case d.Check == nil:
		return fmt.Sprintf("%d: %s", sum(d.Counts), joinShares(d.Shares, d.Places))
	case d.Check.Fit != nil:
		return fmt.Sprintf("%d: %s", d.Check.Fit.Total, joinInts(d.Check.Fit.Counts))
	case d.Check.Smallest != nil:
		return fmt.Sprintf("%d: %s", d.Check.Smallest.Total, joinInts(d.Check.Smallest.Counts))
	}
	return ""
}

func joinShares(ds []decimal.Decimal, places int32) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = performance.FormatPercent(d, places)
	}
	return strings.Join(s, "/")
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, "/")
}

func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}

// auditDistribution checks stated shares with performance.ShareCheck, or
// tallies stated counts with a performance.Distribution and checks them
// against the stated total.
func auditDistribution(path string, d statedDistribution) (distFinding, error) {
	labels := d.Labels
	if len(labels) == 0 {
		for _, g := range performance.Grades() {
			labels = append(labels, g.String())
		}
	}
	f := distFinding{Name: d.Name, Total: d.Total, Labels: labels}
	if d.Amount != "" {
		a, err := performance.ParseAmount(d.Amount)
		if err != nil {
			return f, fmt.Errorf("%s.amount: %w", path, err)
		}
		f.Amount = &a
	}
	switch {
	case len(d.Shares) > 0 && len(d.Counts) > 0:
		return f, fmt.Errorf("%s: give shares or counts, not both", path)
	case len(d.Shares) > 0:
		pub := performance.PublishedShares{Total: d.Total, Labels: labels}
		for i, s := range d.Shares {
			v, err := performance.ParsePercent(s)
			if err != nil {
				return f, fmt.Errorf("%s.shares[%d]: %w", path, i, err)
			}
			pub.Shares = append(pub.Shares, v)
			pub.Places = max(pub.Places, -v.Exponent())
		}
		check, err := performance.ShareCheck{Tolerance: d.Tolerance}.Check(pub)
		if err != nil {
			return f, fmt.Errorf("%s: %w", path, err)
		}
		f.Places, f.Shares, f.Check = pub.Places, pub.Shares, &check
		f.Consistent, f.Code, f.Message = check.Consistent, check.Code, check.Text
		return f, nil
	case len(d.Counts) > 0:
		dist, err := performance.NewDistribution(labels...)
		if err != nil {
			return f, fmt.Errorf("%s.labels: %w", path, err)
		}
		if len(d.Counts) != len(labels) {
			return f, fmt.Errorf("%s.counts: %d counts for %d labels", path, len(d.Counts), len(labels))
		}
		for i, n := range d.Counts {
			if n < 0 {
				return f, fmt.Errorf("%s.counts[%d]: negative count %d", path, i, n)
			}
			if err := dist.AddN(labels[i], n, decimal.Zero); err != nil {
				return f, fmt.Errorf("%s.counts[%d]: %w", path, i, err)
			}
		}
		f.Counts, f.Places = d.Counts, 2
		if f.Shares, err = dist.Shares(f.Places); err != nil {
			return f, fmt.Errorf("%s: %w", path, err)
		}
		n := dist.Total()
		f.Consistent = d.Total == 0 || n == d.Total
		if f.Consistent {
			f.Code = "counts_consistent"
			f.Message = performance.Text{
				ZH: fmt.Sprintf("各等级个数之和 %d 与公布总数一致", n),
				EN: fmt.Sprintf("the counts add up to the stated total of %d", n)}
		} else {
			f.Code = "counts_inconsistent"
			f.Message = performance.Text{
				ZH: fmt.Sprintf("各等级个数之和为 %d，公布总数为 %d", n, d.Total),
				EN: fmt.Sprintf("the counts add up to %d, the stated total is %d", n, d.Total)}
		}
		return f, nil
	}
	return f, fmt.Errorf("%s: want shares or counts", path)
}

func (o *opts) writeDistribution(w io.Writer, d distFinding) {
	fmt.Fprintf(w, "\n%s%s\n", o.t("等级分布：", "Grade distribution: "), d.Name)
	if d.Total > 0 {
		fmt.Fprintf(w, "  %s%d", o.t("公布项目数 ", "stated projects "), d.Total)
		if d.Amount != nil {
			fmt.Fprintf(w, o.t("，金额 %s", ", amount %s"), performance.FormatAmount(*d.Amount, performance.Wan))
		}
		fmt.Fprintln(w)
	}
	if d.Check != nil {
		fmt.Fprintf(w, "  %s%s\n", o.t("公布占比 ", "stated shares "), labelled(d.Labels, d.Shares, d.Places))
	} else {
		fmt.Fprintf(w, "  %s%s\n", o.t("公布个数 ", "stated counts "), labelledInts(d.Labels, d.Counts))
		fmt.Fprintf(w, "  %s%s\n", o.t("复算占比 ", "computed shares "), labelled(d.Labels, d.Shares, d.Places))
	}
	fmt.Fprintf(w, "  %s%s%s\n", o.verdict(d.Consistent), o.t("：", ": "), d.Message.In(o.lang))
}

func labelled(labels []string, shares []decimal.Decimal, places int32) string {
	s := make([]string, len(shares))
	for i, v := range shares {
		s[i] = labels[i] + " " + performance.FormatPercent(v, places)
	}
	return strings.Join(s, "  ")
}

func labelledInts(labels []string, counts []int) string {
	s := make([]string, len(counts))
	for i, n := range counts {
		s[i] = fmt.Sprintf("%s %d", labels[i], n)
	}
	return strings.Join(s, "  ")
}
