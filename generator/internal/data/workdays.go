package data

import (
	"fmt"
	"time"
)

// WorkingDays tells working days from days off, by the State Council's arrangement for each year
// in workdays.yaml. It refuses to answer for a year it has no data for.
type WorkingDays struct {
	years    map[int]bool
	holidays map[string]string // day → holiday name
	makeup   map[string]bool   // weekend days that are working days (调休)
}

// NewWorkingDays indexes the years of workdays.yaml.
func NewWorkingDays(years []WorkdayYear) WorkingDays {
	c := WorkingDays{years: map[int]bool{}, holidays: map[string]string{}, makeup: map[string]bool{}}
	for _, y := range years {
		c.years[y.Year] = true
		for _, h := range y.Holidays {
			for d := h.From; !h.To.Before(d); d = d.AddDays(1) {
				c.holidays[d.String()] = h.Name
			}
		}
		for _, d := range y.Workdays {
			c.makeup[d.String()] = true
		}
	}
	return c
}

// IsWorkday reports whether d is a working day; it fails for a year without data.
func (c WorkingDays) IsWorkday(d Date) (bool, error) {
	if !c.years[d.Year()] {
		return false, fmt.Errorf("workdays.yaml has no working-day data for %d (needed for %s); add that year's State Council holiday arrangement", d.Year(), d)
	}
	if _, off := c.holidays[d.String()]; off {
		return false, nil
	}
	if c.makeup[d.String()] {
		return true, nil
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday, nil
}

// WorkdaysBefore returns the n-th working day before d (n ≥ 1), not counting d itself.
func (c WorkingDays) WorkdaysBefore(d Date, n int) (Date, error) {
	for n > 0 {
		d = d.AddDays(-1)
		ok, err := c.IsWorkday(d)
		if err != nil {
			return Date{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}
