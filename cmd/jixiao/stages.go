package main

import (
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/rules"
)

// stageCommands are the commands over the cycle's stages, added as the
// library's stage packages land.
func stageCommands() []*command {
	return []*command{checkCmd(), monitorCmd(), assessCmd(), evaluateCmd(), applyCmd(), testCmd(), diffCmd(), replayEntry()}
}

func monitoringPolicy(data []byte) (*monitoring.Policy, error) { return monitoring.ParsePolicy(data) }

// compileForStage compiles a bare rule set as monitoring rules, against
// monitoring.Env: ex-ante and results-application rules come inside their
// policies.
func compileForStage(set *rules.Set) error {
	_, err := monitoring.CompileRules(set)
	return err
}

// replayEntry is the replay command of package history (policytest.go),
// which parses its own flags.
func replayEntry() *command {
	return &command{
		name:     "replay",
		summary:  "replay policies over a project history and report what a change would do (政策回测)",
		synopsis: "replay [flags] POLICY [POLICY_B]",
		about:    replayAbout,
		example: `jixiao replay testdata/history/policy_v1.json
jixiao replay --lang en testdata/history/policy_v1.json testdata/history/policy_v2.json`,
		raw: replayCmd,
	}
}
