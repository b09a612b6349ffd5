// Package jixiao is the root of Jixiao (绩效), an embeddable Go library for
// performance-based public budgeting (预算绩效管理). It holds only the
// module's version; the library is in its packages: performance (the
// vocabulary), rules (the rules engine), goals, evaluation and monitoring
// (the stages), policy (one fiscal year's policy for every stage) and
// history (backtests). See README.md for the floors and a quick start.
package jixiao

// Version is the module's semantic version (语义化版本). Before 1.0.0 a
// minor version may change the Go API and JSON names after announcing the
// change, with its replacement, for one minor version in CHANGELOG.md.
const Version = "0.2.0-dev"
