package monitoring_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/jixiao-go/jixiao/monitoring"
)

// TestDefaultPolicySources: every default of the bundled policy cites its
// source, and only the budget base, which 财预〔2020〕10号 fixes, is called
// national; the triggers name their city.
func TestDefaultPolicySources(t *testing.T) {
	p := monitoring.DefaultPolicy()
	for _, field := range []string{"base", "schedule", "schedules", "yellow_gap", "steps", "unit_steps", "goal_gap", "rectify_months", "year_end"} {
		src, ok := p.Sources[field]
		if !assert.True(t, ok, "no source for %s", field) {
			continue
		}
		national := strings.HasPrefix(src, "national")
		assert.Equal(t, field == "base", national, "%s: %q", field, src)
	}
	want := map[string]string{"aug_2m_below_60": "Taiyuan", "q3_below_60_unspent_2m": "Shuozhou"}
	for _, tr := range p.Triggers {
		assert.Contains(t, tr.Source, want[tr.ID], tr.ID)
		assert.Contains(t, tr.Source, "not national", tr.ID)
	}
}
