package main

import (
	"io"
)

// distFinding is the check of one published grade distribution.
type distFinding struct {
	Name       string `json:"name"`
	Consistent bool   `json:"consistent"`
}

func (d distFinding) stated() string   { return "" }
func (d distFinding) computed() string { return "" }

func auditDistribution(path string, d statedDistribution) (distFinding, error) {
	_ = path
	return distFinding{Name: d.Name, Consistent: true}, nil
}

func (o *opts) writeDistribution(w io.Writer, d distFinding) {}
