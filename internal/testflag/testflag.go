// Package testflag holds the flags the module's test binaries share. Its
// one flag is -update, which rewrites golden files: every package's tests
// declare it as
//
//	var update = testflag.Update()
//
// and rewrite their testdata/*.golden files from what they compute when run
// as go test ./pkg -update. The test files of one test binary (a package's
// internal and external tests) share the one flag. A golden file is
// compared, or rewritten, with ruletest.Golden, which shows the first
// differing line; schema's test (every schema file, stale ones found too)
// and the contract's (its own flag) compare in their own way.
//
// It is for tests only: a flag is registered when Update is first called,
// never by importing the package, so a host's test binary keeps its own
// flags.
package testflag

import (
	"flag"
	"strconv"
)

// UpdateName is the golden files' flag: go test ./pkg -update.
const UpdateName = "update"

// boolValue is the flag's value; its own type, so that Update tells a flag
// registered by an earlier call from one registered by someone else.
type boolValue bool

func (v *boolValue) String() string {
	if v == nil {
		return "false"
	}
	return strconv.FormatBool(bool(*v))
}

func (v *boolValue) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	*v = boolValue(b)
	return nil
}

// IsBoolFlag lets -update stand alone, as flag.Bool does.
func (v *boolValue) IsBoolFlag() bool { return true }

// Update returns the -update flag of the test binary's command line,
// registering it on the first call: true when golden files are to be
// rewritten rather than compared. Read it after flag parsing (in a test,
// not at package initialisation). Update panics, as flag.Bool does for a
// flag defined twice, when -update was defined other than through Update.
func Update() *bool {
	if f := flag.Lookup(UpdateName); f != nil {
		v, ok := f.Value.(*boolValue)
		if !ok {
			panic("testflag: -update is already defined, not by testflag.Update: declare it with testflag.Update only")
		}
		return (*bool)(v)
	}
	v := new(boolValue)
	flag.Var(v, UpdateName, "rewrite the golden files under testdata from what the tests compute")
	return (*bool)(v)
}
