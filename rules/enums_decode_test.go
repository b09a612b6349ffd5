package rules

import (
	"testing"

	"github.com/jixiao-go/jixiao/internal/enumtest"
)

// TestReasonDecodesFromNames checks that UnmarshalText of every reason's
// name gives ParseReason's value without an allocation, and of other
// cases (an error: names are matched in their case only), padded names
// and unknown ones ParseReason's value or message.
func TestReasonDecodesFromNames(t *testing.T) {
	enumtest.Decodes(t, ParseReason, reasonNames[:], "", "skipped", "condition false")
}
