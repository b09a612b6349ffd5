// Package lang defines the one language type of the module, exported as
// performance.Lang. It lives here, below both performance and rules, so
// that the domain-blind rules engine renders explanations in the same
// type without importing the domain vocabulary.
package lang

import (
	"fmt"
	"strings"
)

// Lang selects the language of messages that reach finance staff. The zero
// value is Chinese, the language of the documents the library reads.
type Lang uint8

const (
	// ZH selects Chinese (中文). It is the zero value.
	ZH Lang = iota
	// EN selects English.
	EN
)

// String returns "zh" or "en".
func (l Lang) String() string {
	if l == EN {
		return "en"
	}
	return "zh"
}

// Parse reads "zh" or "en" (case-insensitive; also "zh-CN", "中文",
// "english"). The empty string gives ZH.
func Parse(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "zh", "zh-cn", "zh_cn", "cn", "中文", "chinese":
		return ZH, nil
	case "en", "en-us", "en_us", "english":
		return EN, nil
	}
	return ZH, fmt.Errorf("performance: unknown language %q (want zh or en)", s)
}

// MarshalText encodes the language as "zh" or "en".
func (l Lang) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText decodes any form [Parse] accepts.
func (l *Lang) UnmarshalText(text []byte) error {
	v, err := Parse(string(text))
	if err != nil {
		return err
	}
	*l = v
	return nil
}
