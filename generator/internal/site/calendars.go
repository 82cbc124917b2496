package site

// calendarFiles returns the calendar feeds keyed by their path under static/
// (calendars/<round-id>.ics, calendars/all.ics, ...), and a function that records the
// feeds' identity lock once the build is published.
func (p *Prepared) calendarFiles(root, base string) (map[string][]byte, func() error, error) {
	return nil, nil, nil // filled in by the calendar work (issue 3)
}
