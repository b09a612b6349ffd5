package experts

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jixiao-go/jixiao/performance"
)

// A Field is one field of expertise (专业领域) as a code of the bureau's code
// list, such as "finance" (财务) or "cost" (工程造价).
type Field struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// DefaultFields returns a starting code list of fields of expertise
// (illustrative: the fields the issue names, 财务, 工程造价, 教育, 卫生, with
// a few common others). A bureau extends it in its library's data. It
// returns a fresh slice.
func DefaultFields() []Field {
	return []Field{
		{"finance", "财务"}, {"cost", "工程造价"}, {"education", "教育"}, {"health", "卫生"},
		{"engineering", "工程技术"}, {"agriculture", "农业"}, {"environment", "生态环境"},
		{"law", "法律"}, {"it", "信息化"}, {"management", "管理"},
	}
}

// Status is an expert's or agency's standing in the library: "active"
// (在库), "suspended" (暂停) or "removed" (出库). The zero value "" is
// invalid in a library.
type Status string

// The statuses.
const (
	StatusActive    Status = "active"
	StatusSuspended Status = "suspended"
	StatusRemoved   Status = "removed"
)

func (s Status) valid() bool {
	return s == StatusActive || s == StatusSuspended || s == StatusRemoved
}

// Stage is the stage a panel serves: "exante" (事前绩效评估), "goal_review"
// (绩效目标审核) or "key_evaluation" (重点评价). Stages are ordered as the
// cycle runs them (ex-ante, goal review, key evaluation); an earlier stage
// is one before in that order.
type Stage string

// The stages.
const (
	StageExAnte        Stage = "exante"
	StageGoalReview    Stage = "goal_review"
	StageKeyEvaluation Stage = "key_evaluation"
)

// order returns the stage's place in the cycle, 0 for an unknown stage.
func (s Stage) order() int {
	switch s {
	case StageExAnte:
		return 1
	case StageGoalReview:
		return 2
	case StageKeyEvaluation:
		return 3
	}
	return 0
}

// A Conflict is a relation an expert has declared with a unit (利益关联申报):
// the unit's ID and the relation, such as "former employee" or "spouse
// works there". Any declared relation recuses the expert from panels on
// that unit's projects.
type Conflict struct {
	UnitID   string `json:"unit_id"`
	Relation string `json:"relation"`
}

// A Service is one panel an expert served on (评审记录): the panel, the
// project, its stage and the date (YYYY-MM-DD) the panel sat.
type Service struct {
	PanelID   string `json:"panel_id"`
	ProjectID string `json:"project_id"`
	Stage     Stage  `json:"stage"`
	Date      string `json:"date"`
}

// An Expert is one member of the expert library (专家库成员).
type Expert struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Fields are codes of the library's fields of expertise.
	Fields []string `json:"fields"`
	// Title is the professional title (职称), such as 高级会计师; Level its
	// grade (正高, 副高, 中级).
	Title string `json:"title,omitempty"`
	Level string `json:"level,omitempty"`
	// Employer is the ID of the unit the expert works for (工作单位), as in
	// the organisation tree when it is a budget unit; Region its region.
	Employer string `json:"employer,omitempty"`
	Region   string `json:"region,omitempty"`
	Status   Status `json:"status"`
	// StatusReason and StatusDate (YYYY-MM-DD) say why and since when an
	// expert is suspended or removed; both are required then.
	StatusReason string     `json:"status_reason,omitempty"`
	StatusDate   string     `json:"status_date,omitempty"`
	Conflicts    []Conflict `json:"conflicts,omitempty"`
	History      []Service  `json:"history,omitempty"`
}

// has reports whether the expert has the field of expertise code.
func (e *Expert) has(code string) bool { return slices.Contains(e.Fields, code) }

// A Library is the expert library: the bureau's code list of fields and
// its experts. A nil Fields means [DefaultFields].
type Library struct {
	Fields  []Field  `json:"fields,omitempty"`
	Experts []Expert `json:"experts"`
}

// FieldList returns the library's fields, [DefaultFields] when it has none.
func (l *Library) FieldList() []Field {
	if l.Fields == nil {
		return DefaultFields()
	}
	return l.Fields
}

// MaxExperts is the most experts a library may hold (a bound on the work
// of a draw, which is linear in the library's size).
const MaxExperts = 100_000

// ParseLibrary decodes a library from JSON strictly (unknown or repeated
// members are problems with their paths) and validates it.
func ParseLibrary(data []byte) (*Library, error) {
	var l Library
	if err := performance.DecodeJSON(data, &l); err != nil {
		return nil, fmt.Errorf("experts: library: %w", err)
	}
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("experts: library: %w", err)
	}
	return &l, nil
}

// validDate reports whether s is a date YYYY-MM-DD.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// Validate checks the library, reporting every problem at once as
// [performance.Problems] with paths: field codes empty or repeated; expert
// IDs empty or repeated; an expert with no field, or an unknown one; a
// status not active, suspended or removed; a suspension or removal without
// its reason and date; a bad date; a conflict without a unit; a service
// with no project or an unknown stage; more than [MaxExperts] experts.
func (l *Library) Validate() error {
	var ps performance.Problems
	codes := map[string]bool{}
	for i, f := range l.Fields {
		p := "fields[" + strconv.Itoa(i) + "].code"
		if f.Code == "" || codes[f.Code] {
			ps.Add("field_code_invalid", p, "专业领域代码为空或重复: "+f.Code, "field code empty or repeated: "+f.Code)
		}
		codes[f.Code] = true
	}
	if l.Fields == nil {
		for _, f := range DefaultFields() {
			codes[f.Code] = true
		}
	}
	if len(l.Experts) > MaxExperts {
		ps.Add(performance.CodeLimit, "experts", fmt.Sprintf("专家超过 %d 名", MaxExperts), fmt.Sprintf("more than %d experts", MaxExperts))
		return ps.Err()
	}
	ids := map[string]bool{}
	for i := range l.Experts {
		e := &l.Experts[i]
		p := "experts[" + strconv.Itoa(i) + "]"
		if e.ID == "" || ids[e.ID] {
			ps.Add("expert_id_invalid", p+".id", "专家编号为空或重复: "+e.ID, "expert id empty or repeated: "+e.ID)
		}
		ids[e.ID] = true
		if len(e.Fields) == 0 {
			ps.Add("expert_no_field", p+".fields", "专家没有专业领域", "expert has no field of expertise")
		}
		for j, f := range e.Fields {
			if !codes[f] {
				ps.Add("unknown_field", p+".fields["+strconv.Itoa(j)+"]", "未知专业领域: "+f, "unknown field of expertise: "+f)
			}
		}
		validateStatus(&ps, p, e.Status, e.StatusReason, e.StatusDate)
		for j, c := range e.Conflicts {
			if c.UnitID == "" {
				ps.Add("conflict_no_unit", p+".conflicts["+strconv.Itoa(j)+"].unit_id", "利益关联未写明单位", "conflict names no unit")
			}
		}
		for j, s := range e.History {
			q := p + ".history[" + strconv.Itoa(j) + "]"
			if s.ProjectID == "" {
				ps.Add("service_no_project", q+".project_id", "评审记录缺少项目", "service names no project")
			}
			if s.Stage.order() == 0 {
				ps.Add("unknown_stage", q+".stage", "未知评审环节: "+string(s.Stage), "unknown stage: "+string(s.Stage))
			}
			if !validDate(s.Date) {
				ps.Add("bad_date", q+".date", "日期应为 YYYY-MM-DD: "+s.Date, "date is not YYYY-MM-DD: "+s.Date)
			}
		}
	}
	return ps.Err()
}

// validateStatus checks a status with its reason and date.
func validateStatus(ps *performance.Problems, p string, s Status, reason, date string) {
	if !s.valid() {
		ps.Add("bad_status", p+".status", "状态应为 active、suspended 或 removed: "+string(s), "status must be active, suspended or removed: "+string(s))
		return
	}
	if s == StatusActive {
		return
	}
	if reason == "" {
		ps.Add("status_no_reason", p+".status_reason", "暂停或出库须写明原因", "a suspension or removal needs its reason")
	}
	if !validDate(date) {
		ps.Add("bad_date", p+".status_date", "暂停或出库须写明日期 (YYYY-MM-DD): "+date, "a suspension or removal needs its date (YYYY-MM-DD): "+date)
	}
}
