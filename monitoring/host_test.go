package monitoring_test

import (
	"testing"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHostRulesSetAlert: a bureau's rule over its own field raises the
// alert of a project whose contract is not signed, however its spending
// goes; the same project with a signed contract stays green.
func TestHostRulesSetAlert(t *testing.T) {
	rs, err := monitoring.ParseRules([]byte(`{"id":"host","rules":[
	  {"id":"unsigned","group":"g","when":"not ContractSigned and Rate < 80","outputs":[{"name":"level","type":"string","expr":"\"red\""}]},
	  {"id":"ok","group":"g","when":"true","outputs":[{"name":"level","type":"string","expr":"\"green\""}]}]}`),
		rules.WithFields(rules.Field{Name: "ContractSigned", Type: rules.TypeBool}))
	require.NoError(t, err)
	a, b := budget("A", "U", "1200"), budget("B", "U", "1200")
	a.Host = performance.HostValues{"ContractSigned": false}
	b.Host = performance.HostValues{"ContractSigned": true}
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, []monitoring.Budget{a, b}, nil)
	require.NoError(t, err)
	m = m.WithRules(rs)
	// Both spent 600 of 1,200 by 30 June: 50% against 50% expected, on
	// schedule; only the host field tells them apart.
	l := mustLedger(t, 2021, day(2021, 12, 31), rec("A", day(2021, 4, 5), "600"), rec("B", day(2021, 4, 5), "600"))
	r, err := m.Check(day(2021, 6, 30), l, monitoring.State{})
	require.NoError(t, err)
	assert.Equal(t, monitoring.Red, status(t, r, "A").Level)
	assert.Equal(t, "unsigned", status(t, r, "A").Rule)
	assert.Equal(t, monitoring.Green, status(t, r, "B").Level)

	// Undeclared in the host's options: a compile error naming the field.
	_, err = monitoring.ParseRules([]byte(`{"id":"host","rules":[{"id":"u","when":"not ContractSigned"}]}`))
	require.ErrorIs(t, err, rules.ErrUnknownName)
}
