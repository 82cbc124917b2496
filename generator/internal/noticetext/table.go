package noticetext

import (
	"strings"
)

// row is a row of a table: its cells, trimmed, and the line it starts on (1-based).
type row struct {
	line  int
	cells []string
}

// maxTableRows bounds the rows of a table of the notice, read before anything is written: the
// real schedules have some twenty (5 rounds of 2 days of 2 levels and 2 subjects), a notice of
// 60 rounds (maxRounds) some 500; a document of many thousands is not a notice, and reading it
// whole would take seconds and hundreds of megabytes.
const maxTableRows = 1000

// table reads the table whose header is the first line with a tab in lines [from, to) and
// whose body is the lines after it for which inTable is true (blank lines are skipped). It
// finds each of cols in the header and returns its column (0-based) by name. A line with
// fewer cells than the header is a row that a line break inside a cell split: it is joined
// with the lines after it, the broken cell's parts with a space, until the row is whole; a
// short row that the next line cannot complete had empty cells at its end.
func (p *parser) table(s, from, to int, cols []string, inTable func(string) bool) (map[string]int, []row, error) {
	head := -1
	for i := from; i < to; i++ {
		if strings.Contains(p.lines[i], "\t") {
			head = i
			break
		}
		if t := strings.TrimSpace(p.lines[i]); t != "" {
			return nil, nil, p.fail(i+1, 0, "%q before the table of section %s; expected its header row %s, tab-separated, as Word copies a table", t, sectionNames[s], strings.Join(cols, "\t"))
		}
	}
	if head < 0 {
		return nil, nil, p.fail(p.sections[s]+1, 0, "section %s has no table; expected its header row %s, tab-separated, as Word copies a table", sectionNames[s], strings.Join(cols, "\t"))
	}
	header := cells(p.lines[head])
	at := map[string]int{}
	for _, c := range cols {
		for i, h := range header {
			if HeaderName(h) == c {
				at[c] = i
			}
		}
		if _, ok := at[c]; !ok {
			return nil, nil, p.fail(head+1, 0, "the table's header %q has no column %s; expected the columns %s", strings.Join(header, " | "), c, strings.Join(cols, ", "))
		}
	}
	width := len(header)
	var rows []row
	var cur *row
	for i := head + 1; i < to; i++ {
		l := p.lines[i]
		if strings.TrimSpace(l) == "" {
			continue
		}
		if !inTable(l) {
			break
		}
		cs := cells(l)
		if cur != nil && len(cur.cells) < width && len(cur.cells)+len(cs)-1 > width {
			// Not the rest of cur: a row whose empty last cells were not copied.
			for len(cur.cells) < width {
				cur.cells = append(cur.cells, "")
			}
		}
		if cur != nil && len(cur.cells) < width {
			last := len(cur.cells) - 1
			cur.cells[last] = strings.TrimSpace(cur.cells[last] + " " + cs[0])
			cur.cells = append(cur.cells, cs[1:]...)
		} else {
			if len(rows) == maxTableRows {
				return nil, nil, p.fail(i+1, 0, "the table of section %s has more than %d rows; a notice's has some tens (the schedule: a row per level and subject of each exam day): is this the issuer's notice? expected at most %d", sectionNames[s], maxTableRows, maxTableRows)
			}
			rows = append(rows, row{line: i + 1, cells: cs})
			cur = &rows[len(rows)-1]
		}
		for len(cur.cells) > width && cur.cells[len(cur.cells)-1] == "" {
			cur.cells = cur.cells[:len(cur.cells)-1]
		}
		if len(cur.cells) > width {
			return nil, nil, p.fail(i+1, width+1, "the row has %d cells; expected %d, as the header has (%s)", len(cur.cells), width, strings.Join(header, " | "))
		}
	}
	if cur != nil && len(cur.cells) < width {
		for len(cur.cells) < width {
			cur.cells = append(cur.cells, "")
		}
	}
	return at, rows, nil
}

// cells splits a table line at its tabs and trims each cell.
func cells(l string) []string {
	cs := strings.Split(l, "\t")
	for i := range cs {
		cs[i] = strings.TrimSpace(cs[i])
	}
	return cs
}

// HeaderName is a table header cell's name as a person reads it: its words without the
// spaces that a line break inside the cell left (报名截止↵时间 reads 报名截止 时间, and is
// 报名截止时间). The checker of the data against the text (package provenance) finds its
// columns by it too.
func HeaderName(cell string) string { return strings.Join(strings.Fields(cell), "") }
