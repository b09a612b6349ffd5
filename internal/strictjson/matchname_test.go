package strictjson

import (
	"encoding/json"
	"testing"
)

// TestMatchNameAsEncodingJSON holds matchName, the one field matching of the
// checking and the one-pass decoders, to encoding/json's: for each key the
// field encoding/json fills is the one matchName gives (the exact name
// first, else the first equal but for case), and ambiguous is set exactly
// when no name is exact and two or more are equal but for case.
func TestMatchNameAsEncodingJSON(t *testing.T) {
	type fields struct {
		ID   int `json:"ID"`
		Id   int `json:"Id"`
		Name int `json:"name"`
		K    int `json:"K"`
	}
	names := []string{"ID", "Id", "name", "K"}
	for _, c := range []struct {
		key       string
		i         int
		ambiguous bool
	}{
		{"ID", 0, false},   // exact
		{"Id", 1, false},   // exact, although "ID" equals it but for case
		{"id", 0, true},    // none exact; "ID" and "Id" both fold to it: the first
		{"NAME", 2, false}, // one fold
		{"k", 3, false},    // one fold
		{"x", -1, false},   // none
		{"", -1, false},
	} {
		i, amb := matchName(names, []byte(c.key))
		if i != c.i || amb != c.ambiguous {
			t.Errorf("matchName(%q) = %d, %v; want %d, %v", c.key, i, amb, c.i, c.ambiguous)
		}
		// encoding/json fills the field matchName names, or none.
		var got fields
		if err := json.Unmarshal([]byte(`{"`+c.key+`":1}`), &got); err != nil {
			t.Fatal(err)
		}
		filled := []bool{got.ID == 1, got.Id == 1, got.Name == 1, got.K == 1}
		for j, f := range filled {
			if f != (j == c.i) {
				t.Errorf("key %q: encoding/json filled field %d = %v, matchName gives %d", c.key, j, f, c.i)
			}
		}
	}
}
