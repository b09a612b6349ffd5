package main

import (
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/rules"
)

// stageCommands are the commands over the cycle's stages, added as the
// library's stage packages land.
func stageCommands() []*command { return []*command{checkCmd(), monitorCmd()} }

func monitoringPolicy(data []byte) (*monitoring.Policy, error) { return monitoring.ParsePolicy(data) }

// compileForStage compiles a rule set against the environment of the stage
// whose rules it holds. Until the stages publish their environments, only
// the structure is checked.
func compileForStage(set *rules.Set) error { return nil }
