// Package htmltab reads the tables back out of an HTML page, for tests
// that compare a rendered report's figures with the results it shows. It
// reads well-formed HTML as package report writes it (every element
// closed), with encoding/xml in its lenient HTML mode.
package htmltab

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// A Table is one table's cells as text: the header row, the body rows and
// the footer rows.
type Table struct {
	ID   string
	Head []string
	Rows [][]string
	Foot [][]string
}

// ErrNested reports a table inside a table, which Tables does not read.
var ErrNested = errors.New("htmltab: nested table")

// Tables returns the page's tables with an id, by id, and the ids in page
// order. A table without an id, or with one already seen, is an error.
func Tables(r io.Reader) (map[string]*Table, []string, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	out := map[string]*Table{}
	var order []string
	var cur *Table
	var part string // thead, tbody or tfoot
	var row []string
	var cell *strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("htmltab: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "table":
				if cur != nil {
					return nil, nil, ErrNested
				}
				cur = &Table{}
				for _, a := range t.Attr {
					if a.Name.Local == "id" {
						cur.ID = a.Value
					}
				}
				if cur.ID == "" || out[cur.ID] != nil {
					return nil, nil, fmt.Errorf("htmltab: table without an id of its own (%q)", cur.ID)
				}
			case "thead", "tbody", "tfoot":
				part = t.Name.Local
			case "tr":
				row = nil
			case "td", "th":
				cell = &strings.Builder{}
			}
		case xml.CharData:
			if cell != nil {
				cell.Write(t)
			}
		case xml.EndElement:
			if cur == nil {
				continue
			}
			switch t.Name.Local {
			case "td", "th":
				if cell != nil {
					row = append(row, strings.TrimSpace(cell.String()))
					cell = nil
				}
			case "tr":
				switch part {
				case "thead":
					cur.Head = row
				case "tfoot":
					cur.Foot = append(cur.Foot, row)
				default:
					cur.Rows = append(cur.Rows, row)
				}
			case "table":
				out[cur.ID] = cur
				order = append(order, cur.ID)
				cur = nil
			}
		}
	}
	return out, order, nil
}
