package sqlstore

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

// record is one project-year as a history record's JSON document (the
// layout of package history's Record, which this package cannot import:
// they share a floor). The stages' own values are typed; the recorded
// decisions of each stage stay JSON, stored as the outcome of a decision.
type record struct {
	Round      int                 `json:"round"`
	Project    performance.Project `json:"project"`
	Experts    []exante.Expert     `json:"experts,omitempty"`
	Goals      *goals.Tree         `json:"goals,omitempty"`
	Execution  execution           `json:"execution"`
	Evaluation evaluationDoc       `json:"evaluation"`
	CarryOver  decimal.Decimal     `json:"carry_over"`
	Requested  decimal.Decimal     `json:"requested"`
	Decisions  *recorded           `json:"decisions,omitempty"`
}

type execution struct {
	Initial    decimal.Decimal   `json:"initial"`
	Adjusted   decimal.Decimal   `json:"adjusted"`
	Monthly    []decimal.Decimal `json:"monthly"`
	Continuing bool              `json:"continuing,omitempty"`
}

type evaluationDoc struct {
	Source     string          `json:"source"`
	Score      decimal.Decimal `json:"score"`
	Attainment decimal.Decimal `json:"attainment"`
}

// recorded are the decisions recorded with a record: the policy and, per
// stage, the stage's decision as JSON.
type recorded struct {
	Policy   performance.PolicyRef `json:"policy"`
	ExAnte   json.RawMessage       `json:"exante,omitempty"`
	Alert    json.RawMessage       `json:"alert,omitempty"`
	Grade    json.RawMessage       `json:"grade,omitempty"`
	NextYear json.RawMessage       `json:"next_year,omitempty"`
}

// Stage names of the decisions recorded with a history, as stored in
// decisions.stage.
const (
	StageExAnte   = "exante"
	StageAlert    = "alert"
	StageGrade    = "grade"
	StageNextYear = "next_year"
)

// RecordedRun is the run_id of the decisions recorded with an imported
// history.
const RecordedRun = "recorded"

func (d *recorded) stages() []struct {
	name string
	raw  *json.RawMessage
} {
	return []struct {
		name string
		raw  *json.RawMessage
	}{{StageExAnte, &d.ExAnte}, {StageAlert, &d.Alert}, {StageGrade, &d.Grade}, {StageNextYear, &d.NextYear}}
}

// MaxMonths is the most monthly payments a record may hold: twelve.
const MaxMonths = 12

// decodeRecord decodes a record document with the library's one strict
// JSON decoder (as [performance.DecodeJSON]: unknown and repeated members,
// decimals beyond the limits and trailing values are errors; dec is the
// import's, which works out the record types' fields once) and checks what
// the columns need.
func decodeRecord(dec *performance.JSONDecoder, doc []byte) (*record, error) {
	r := new(record)
	if err := dec.Decode(doc, r); err != nil {
		return nil, err
	}
	var errs []error
	if r.Project.ID == "" {
		errs = append(errs, errors.New("project.id is empty"))
	}
	if n := len(r.Execution.Monthly); n > MaxMonths {
		errs = append(errs, fmt.Errorf("execution.monthly has %d months, at most %d", n, MaxMonths))
	}
	if d := r.Decisions; d != nil {
		for _, st := range d.stages() {
			if len(*st.raw) > 0 && !json.Valid(*st.raw) {
				errs = append(errs, fmt.Errorf("decisions.%s is not JSON", st.name))
			}
		}
	}
	return r, errors.Join(errs...)
}

// digest is the hex SHA-256 of b.
func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// digests returns the record's digest (of its canonical document) and the
// digest of its inputs (the document without the recorded decisions).
func (r *record) digests() (rec, inputs string, err error) {
	full, err := json.Marshal(r)
	if err != nil {
		return "", "", err
	}
	d := r.Decisions
	r.Decisions = nil
	in, err := json.Marshal(r)
	r.Decisions = d
	if err != nil {
		return "", "", err
	}
	return digest(full), digest(in), nil
}

// fired are the rule ids a recorded stage decision names: the deciding rule
// and every rule that fired.
func fired(raw json.RawMessage) []string {
	var v struct {
		Rule  string   `json:"rule"`
		Fired []string `json:"fired"`
	}
	_ = json.Unmarshal(raw, &v) // the outcome is kept whole either way
	if v.Rule != "" && !contains(v.Fired, v.Rule) {
		return append([]string{v.Rule}, v.Fired...)
	}
	return v.Fired
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
