package goals

import "strconv"

// A Change is one difference between two versions of a tree: an indicator
// added or removed, or one of its fields changed, with the old and new
// values as text.
type Change struct {
	// Indicator is the indicator's ID, or its name when it has none.
	Indicator string `json:"indicator"`
	// Path is the indicator's path in the newer tree ("indicators[2]"), or
	// in the older one for a removal; "total" for the tree's total.
	Path string `json:"path"`
	// Field is "added", "removed", or the field changed: "total", "name",
	// "level1", "level2", "target", "weight", "standard", "scoring".
	Field string `json:"field"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// Diff returns what changed from tree a to tree b. Indicators are matched
// by ID, or by name when they have no ID (the first unmatched one of the
// same key, in table order); a nil tree has no indicators. Changes come in
// b's order, then the removals in a's order, so the result is the same for
// the same trees; the work is linear in the two trees.
func Diff(a, b *Tree) []Change {
	out := []Change{}
	var ai, bi []Indicator
	if a != nil {
		ai = a.Indicators
	}
	if b != nil {
		bi = b.Indicators
	}
	if a != nil && b != nil && !a.DeclaredTotal().Equal(b.DeclaredTotal()) {
		out = append(out, Change{Path: "total", Field: "total", Old: a.DeclaredTotal().String(), New: b.DeclaredTotal().String()})
	}
	queue := make(map[string][]int, len(ai))
	for i := range ai {
		k := indicatorKey(&ai[i])
		queue[k] = append(queue[k], i)
	}
	matched := make([]bool, len(ai))
	for j := range bi {
		n := &bi[j]
		k := indicatorKey(n)
		path := "indicators[" + strconv.Itoa(j) + "]"
		q := queue[k]
		if len(q) == 0 {
			out = append(out, Change{Indicator: label(n), Path: path, Field: "added", New: n.Name + " " + n.Target.String()})
			continue
		}
		i := q[0]
		queue[k] = q[1:]
		matched[i] = true
		o := &ai[i]
		add := func(field, old, new string) {
			if old != new {
				out = append(out, Change{Indicator: label(n), Path: path, Field: field, Old: old, New: new})
			}
		}
		add("name", o.Name, n.Name)
		add("level1", o.Level1.String(), n.Level1.String())
		add("level2", o.Level2.String()+"/"+o.Level2Name, n.Level2.String()+"/"+n.Level2Name)
		add("target", targetText(o.Target), targetText(n.Target))
		if !o.Weight.Equal(n.Weight) {
			out = append(out, Change{Indicator: label(n), Path: path, Field: "weight", Old: o.Weight.String(), New: n.Weight.String()})
		}
		add("standard", o.Standard.String(), n.Standard.String())
		add("scoring", o.Scoring, n.Scoring)
	}
	for i := range ai {
		if !matched[i] {
			o := &ai[i]
			out = append(out, Change{Indicator: label(o), Path: "indicators[" + strconv.Itoa(i) + "]", Field: "removed", Old: o.Name + " " + o.Target.String()})
		}
	}
	return out
}

func indicatorKey(in *Indicator) string {
	if in.ID != "" {
		return "id:" + in.ID
	}
	return "name:" + in.Name
}

func label(in *Indicator) string {
	if in.ID != "" {
		return in.ID
	}
	return in.Name
}

// targetText renders a target for comparison: its published form with the
// operator always shown, so that "≥100" and "100" (implied) compare equal
// only when they mean the same.
func targetText(t Target) string {
	t.Implied, t.Text = false, textOf(t)
	return t.String()
}

// textOf keeps a qualitative target's phrase, the only Text that carries
// meaning.
func textOf(t Target) string {
	if t.Op == Qualitative {
		return t.Text
	}
	return ""
}
