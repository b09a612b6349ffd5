package scan

import (
	"fmt"
	"unicode"
)

// invisibleNames names the format characters most often pasted into codes.
var invisibleNames = map[rune]string{
	0x00AD: "soft hyphen",
	0x200B: "zero width space",
	0x200C: "zero width non-joiner",
	0x200D: "zero width joiner",
	0x200E: "left-to-right mark",
	0x200F: "right-to-left mark",
	0x2060: "word joiner",
	0xFEFF: "byte order mark",
}

// CheckCode reports an identifier or code (a project ID, a unit code, an
// economic classification) that holds an invisible character: any Unicode
// format character (category Cf), among them the byte order mark U+FEFF,
// the zero-width space, non-joiner and joiner U+200B–U+200D and the word
// joiner U+2060. Such a character makes "P2" and "\ufeffP2" two codes that
// print the same. The error wraps [ErrInvisible] and names the code point
// and its 1-based character position.
func CheckCode(s string) error {
	pos := 0
	for _, r := range s {
		pos++
		if r < 0x80 || !unicode.Is(unicode.Cf, r) {
			continue
		}
		name := invisibleNames[r]
		if name == "" {
			name = "format character"
		}
		return fmt.Errorf("%w U+%04X (%s) at character %d of %q", ErrInvisible, r, name, pos, s)
	}
	return nil
}
