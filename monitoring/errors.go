package monitoring

import "errors"

var (
	// ErrUnknownName is returned when decoding an unknown level, action or
	// schedule method name.
	ErrUnknownName = errors.New("monitoring: unknown name")
	// ErrAsOf is returned when a check's as-of date cannot be answered from
	// the ledger: after the ledger's cut-off, outside the fiscal year, or
	// between month ends before the cut-off.
	ErrAsOf = errors.New("monitoring: as-of date not covered by the ledger")
	// ErrMismatch is returned when merging ledgers of different years or
	// cut-off dates, or checking a ledger of another year.
	ErrMismatch = errors.New("monitoring: ledgers do not match")
)
