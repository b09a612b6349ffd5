package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMonitorCarryOvers: the sample's carry-overs at the 2021 year end.
// XM2021002's 2020 balance, 320,000 − 260,000 = 60,000, and XM2021007's
// 2019 balance, 80,000 − 30,000 = 50,000, are unspent for two and three
// year ends: surpluses, recovered (预算法 第四十二条); XM2021007's 2020
// balance is spent. Recovered in all: this year's 2,201.43万元 + 6.00 +
// 5.00 = 2,212.43万元.
func TestMonitorCarryOvers(t *testing.T) {
	code, out, _ := runCmd(t, "monitor", "--lang", "en", "--as-of", "2021-12-31", "--carry-overs", "../../testdata/monitoring/carry_overs.json", "../../testdata/monitoring")
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "Balances at the end of 2021 by age")
	assert.Contains(t, out, "XM2021002    2020    2  6.00万元")
	assert.Contains(t, out, "XM2021007    2019    3  5.00万元")
	assert.Contains(t, out, "2,212.43万元 to recover in all.")

	// Before the year end the carry-overs are not aged.
	_, out, _ = runCmd(t, "monitor", "--lang", "en", "--as-of", "2021-09-30", "--carry-overs", "../../testdata/monitoring/carry_overs.json", "../../testdata/monitoring")
	assert.NotContains(t, out, "by age")

	code, _, errOut := runCmd(t, "monitor", "--as-of", "2021-12-31", "--carry-overs", "testdata/bad.json", "../../testdata/monitoring")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "bad.json")
}
