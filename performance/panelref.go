package performance

import "slices"

// A PanelRef identifies a panel of experts (评审专家组) in a result or an
// input: the panel's id, the draw's seed and algorithm ("" for a panel
// supplied rather than drawn) and the seated experts in draw order. Package
// experts draws panels and returns their PanelRef (experts.Ref is this
// type); the stages and goals only carry it, so that goal reviews, ex-ante
// assessments and key evaluations can name their panel without importing
// experts, which sits on the same floor as goals.
//
// The zero PanelRef seats no expert: a review naming it accepts no
// expert's judgement.
type PanelRef struct {
	PanelID   string   `json:"panel_id,omitempty"`
	Seed      uint64   `json:"seed"`
	Algorithm string   `json:"algorithm,omitempty"`
	Experts   []string `json:"experts"`
}

// Has reports whether the expert id is seated on the panel. It is linear
// in the panel's size.
func (r *PanelRef) Has(id string) bool { return slices.Contains(r.Experts, id) }

// CodeNotOnPanel is the problem code of a judgement or scoring sheet by an
// expert who is not on the panel the input names.
const CodeNotOnPanel = "expert_not_on_panel"

// CodePanelProject is the problem code of a panel drawn for another project
// than the one it judges; CodeSheetTwice of a second scoring sheet by one
// member of a panel.
const (
	CodePanelProject = "panel_project_mismatch"
	CodeSheetTwice   = "expert_sheet_repeated"
)
