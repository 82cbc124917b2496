package site

import (
	"path/filepath"

	"examnotice/generator/internal/calendar"
)

// calendarFiles returns the calendar feeds keyed by their path under static/
// (calendars/<round-id>.ics, calendars/all.ics, calendars/<round-id>/<milestone-id>.ics),
// and a function that records the feeds' identity lock once the build is published.
func (p *Prepared) calendarFiles(root, base string) (map[string][]byte, func() error, error) {
	return calendar.Generate(filepath.Join(root, "data"), p.Notice, p.Rounds, base)
}
