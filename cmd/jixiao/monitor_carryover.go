package main

import (
	"fmt"
	"io"

	"github.com/jixiao-go/jixiao/monitoring"
)

// loadCarryOvers reads the balances carried in from earlier years
// (--carry-overs, a JSON array of monitoring.PriorBalance), if named.
func (r *monitorRun) loadCarryOvers(name string) error {
	if name == "" {
		return nil
	}
	r.prior = []monitoring.PriorBalance{}
	return readJSON(name, &r.prior)
}

// ageYearEnd adds the aged year end when the run has carried-in balances
// and ends on 31 December.
func (r *monitorRun) ageYearEnd(res *monitorResult, l *monitoring.Ledger) error {
	if r.prior == nil || res.YearEnd == nil {
		return nil
	}
	a, err := r.m.AgedYearEnd(l, r.prior)
	if err != nil {
		return err
	}
	res.Aged = a
	return nil
}

// writeAged prints the aged year end, if any.
func (o *opts) writeAged(w io.Writer, res *monitorResult) {
	if res.Aged == nil {
		return
	}
	fmt.Fprintln(w)
	_ = res.Aged.WriteText(w, o.lang)
}
