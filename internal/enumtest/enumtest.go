// Package enumtest checks an enum's parser against its name table in the
// table tests of the packages (enums_test.go). It is imported by tests
// only.
package enumtest

import (
	"encoding"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Case is one value of an enum: Code is what MarshalText writes, Zh its
// Chinese name ("" when the type has none) and Aliases the further
// spellings (the Chinese terms forms print) that must parse to it.
type Case[T comparable] struct {
	V       T
	Code    string
	Zh      string
	Aliases []string
}

// Check checks that each case's code (also padded with spaces), Chinese
// name and aliases parse back to its value, by parse and by UnmarshalText;
// that MarshalText, where T has it, writes the code; and that parsing
// unknown fails with exactly the message want, by both routes.
func Check[T comparable, P interface {
	*T
	encoding.TextUnmarshaler
}](t *testing.T, parse func(string) (T, error), cases []Case[T], unknown, want string) {
	t.Helper()
	for _, c := range cases {
		forms := append([]string{c.Code, " " + c.Code + " "}, c.Aliases...)
		if c.Zh != "" {
			forms = append(forms, c.Zh)
		}
		for _, f := range forms {
			got, err := parse(f)
			if assert.NoError(t, err, "parse %q", f) {
				assert.Equal(t, c.V, got, "parse %q", f)
			}
			var u T
			if assert.NoError(t, P(&u).UnmarshalText([]byte(f)), "UnmarshalText %q", f) {
				assert.Equal(t, c.V, u, "UnmarshalText %q", f)
			}
		}
		if m, ok := any(c.V).(encoding.TextMarshaler); ok {
			b, err := m.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, c.Code, string(b), "MarshalText of %v", c.V)
		}
	}
	_, err := parse(unknown)
	if assert.Error(t, err, "parse %q", unknown) {
		assert.Equal(t, want, err.Error())
	}
	var u T
	err = P(&u).UnmarshalText([]byte(unknown))
	if assert.Error(t, err, "UnmarshalText %q", unknown) {
		assert.Equal(t, want, err.Error())
	}
}

// C makes a Case: the value, its code, its Chinese name and its aliases.
func C[T comparable](v T, code, zh string, aliases ...string) Case[T] {
	return Case[T]{V: v, Code: code, Zh: zh, Aliases: aliases}
}

// Decodes holds UnmarshalText to parse on each of valid and invalid and on
// each in upper and lower case and padded with spaces: the same value, or
// an error with the same message. It requires parse to accept each of
// valid and to reject each of invalid, and checks that UnmarshalText of
// each of valid, as written, allocates nothing.
func Decodes[T comparable, P interface {
	*T
	encoding.TextUnmarshaler
}](t *testing.T, parse func(string) (T, error), valid []string, invalid ...string) {
	t.Helper()
	for _, s := range valid {
		_, err := parse(s)
		require.NoError(t, err, "parse %q", s)
	}
	for _, s := range invalid {
		_, err := parse(s)
		require.Error(t, err, "parse %q", s)
	}
	for _, s := range append(valid[:len(valid):len(valid)], invalid...) {
		for _, f := range []string{s, strings.ToUpper(s), strings.ToLower(s), " " + s + " "} {
			want, wantErr := parse(f)
			var got T
			err := P(&got).UnmarshalText([]byte(f))
			if wantErr != nil {
				if assert.Error(t, err, "UnmarshalText %q", f) {
					assert.Equal(t, wantErr.Error(), err.Error(), "UnmarshalText %q", f)
				}
				continue
			}
			if assert.NoError(t, err, "UnmarshalText %q", f) {
				assert.Equal(t, want, got, "UnmarshalText %q", f)
			}
		}
	}
	for _, s := range valid {
		b := []byte(s)
		var u T
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = P(&u).UnmarshalText(b) }), "allocations of UnmarshalText %q", s)
	}
}
