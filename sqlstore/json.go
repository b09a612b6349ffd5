package sqlstore

import (
	"bytes"
	"encoding/json"
)

// compact returns raw JSON without insignificant space, so that equal
// outcomes compare equal as text in SQL.
func compact(raw []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}
