package main

import (
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/rules"
)

// stageCommands are the commands over the cycle's stages, added as the
// library's stage packages land.
func stageCommands() []*command {
	return []*command{checkCmd(), monitorCmd(), assessCmd(), evaluateCmd(), applyCmd(), testCmd(), diffCmd(), replayCmd(), reportCmd()}
}

func monitoringPolicy(data []byte) (*monitoring.Policy, error) { return monitoring.ParsePolicy(data) }

// compileForStage compiles a bare rule set as monitoring rules, against
// monitoring.Env: ex-ante and results-application rules come inside their
// policies.
func compileForStage(set *rules.Set) error {
	_, err := monitoring.CompileRules(set)
	return err
}
