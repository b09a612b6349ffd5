package rules

import (
	"fmt"
)

// Result is the outcome of evaluating a rule set for one environment
// (规则评估结果).
//
// A Result from [Program.Eval] owns its Fired rules and their Outputs, but
// its Skipped list may be shared with other results of the same Program
// that skipped the same rules for the same reasons: treat Skipped as
// read-only (copy it to change it). [Program.EvalTo] never writes into a
// shared list.
type Result struct {
	SetID   string `json:"set_id"`
	Version string `json:"version"`
	// Hash is the rule set's content hash: exactly what ran.
	Hash string `json:"hash"`
	// Fired lists the rules that fired, in evaluation order.
	Fired []Fired `json:"fired"`
	// Skipped lists every other rule, in evaluation order, with the reason.
	Skipped []Skipped `json:"skipped"`
	// Errors lists the runtime errors of single rules (also in Skipped).
	Errors []*Error `json:"errors,omitempty"`

	// storage kept for EvalTo
	values  []Value
	fired   []Fired
	skipped []Skipped
	frame   *frame
}

// Fired is a rule that fired (命中), with its output values.
type Fired struct {
	RuleID string `json:"rule_id"`
	Name   string `json:"name,omitempty"`
	// Index is the rule's position in the compiled Set's Rules, so that a
	// caller can keep what it knows of each rule in a slice rather than a
	// map keyed by RuleID.
	Index   int     `json:"-"`
	Outputs []Value `json:"outputs"`
	// Explanation is set when EvalOptions.Explain was on.
	Explanation *Explanation `json:"explanation,omitempty"`
}

// Output returns the output called name.
func (f Fired) Output(name string) (Value, bool) {
	for _, v := range f.Outputs {
		if v.Name == name {
			return v, true
		}
	}
	return Value{}, false
}

// Skipped is a rule that did not fire (未命中), with the reason.
type Skipped struct {
	RuleID string `json:"rule_id"`
	Reason Reason `json:"reason"`
	// Err is the runtime error when Reason is ReasonError.
	Err *Error `json:"error,omitempty"`
	// Explanation is set when EvalOptions.Explain was on and the rule's
	// condition was evaluated.
	Explanation *Explanation `json:"explanation,omitempty"`
}

// Reason says why a rule did not fire.
type Reason uint8

// Reasons. The zero value ReasonUnknown is never reported.
const (
	ReasonUnknown        Reason = iota
	ReasonConditionFalse        // its condition was false (条件不成立)
	ReasonOutsidePeriod         // the as-of date is outside its effective period (不在生效期)
	ReasonDisabled              // it is disabled (已停用)
	ReasonGroupFired            // an earlier rule of its group fired (同组规则已命中)
	ReasonError                 // evaluating it failed (求值出错)
	ReasonNotReached            // hit policy first: an earlier rule fired (首条命中后未评估)
)

var reasonNames = [...]string{"unknown", "condition_false", "outside_period", "disabled", "group_fired", "error", "not_reached"}

// String returns the stable snake_case name of r.
func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return fmt.Sprintf("reason(%d)", r)
}

// MarshalText encodes r as its String.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }
