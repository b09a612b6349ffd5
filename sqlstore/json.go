package sqlstore

import (
	"bytes"
	"encoding/json"
)

// compact returns raw JSON without insignificant space, so that equal
// outcomes compare equal as text in SQL.
func compact(raw []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}

// provenance are the top-level members of an outcome that name what
// decided (the rule set, the grading scheme) rather than what was decided.
var provenance = []string{"rule_set", "scheme"}

// result returns the outcome without its provenance members, keys sorted,
// compacted: equal results, equal decisions, whichever policy made them.
// An outcome that is not an object is only compacted.
func result(outcome []byte) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(outcome, &m); err != nil || m == nil {
		return compact(outcome)
	}
	for _, k := range provenance {
		delete(m, k)
	}
	b, err := json.Marshal(m) // map keys sorted; values compacted
	if err != nil {
		return compact(outcome)
	}
	return string(b)
}
