//go:build race

package rules_test

// raceEnabled: the race detector drops pooled objects at random, so
// allocation counts measure it rather than the engine.
const raceEnabled = true
