package project

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai without relying on the machine's zoneinfo, as in the generator's main
)

// Today is the day in Asia/Shanghai (+08:00 all year): at SOURCE_DATE_EPOCH when it is set,
// whatever now is, else at now, whatever now's own zone; an epoch that is not a whole number
// of seconds is refused, naming the variable.
func TestToday(t *testing.T) {
	pdt := time.FixedZone("PDT", -7*3600)
	now := time.Date(2025, 9, 8, 23, 0, 0, 0, pdt) // 2025-09-09T06:00 in Shanghai
	tests := []struct {
		name, epoch string
		now         time.Time
		want        string // the day; or, for a refused epoch, what the error says
		bad         bool
	}{
		// 2025-09-08T16:30:00Z is 2025-09-09T00:30 in Shanghai: the next day there.
		{name: "epoch, past midnight in Shanghai", epoch: "1757349000", now: now, want: "2025-09-09"},
		// 2025-09-08T15:59:59Z is 23:59:59 in Shanghai: still 09-08.
		{name: "epoch, a second before midnight in Shanghai", epoch: "1757347199", now: now, want: "2025-09-08"},
		{name: "epoch, whatever now is", epoch: "1757347199", now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), want: "2025-09-08"},
		{name: "epoch 0", epoch: "0", now: now, want: "1970-01-01"},
		{name: "no epoch: now, in Shanghai", now: now, want: "2025-09-09"},
		{name: "no epoch: now in UTC, before midnight in Shanghai", now: time.Date(2025, 9, 8, 15, 59, 0, 0, time.UTC), want: "2025-09-08"},
		{name: "no epoch: now in UTC, after midnight in Shanghai", now: time.Date(2025, 9, 8, 16, 0, 0, 0, time.UTC), want: "2025-09-09"},
		{name: "no epoch: late on New Year's Eve in UTC", now: time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC), want: "2026-01-01"},
		{name: "an epoch with a date", epoch: "2025-09-09", now: now, bad: true, want: `SOURCE_DATE_EPOCH="2025-09-09" is not a whole number of seconds since 1970-01-01 UTC`},
		{name: "a negative epoch", epoch: "-1", now: now, bad: true, want: `SOURCE_DATE_EPOCH="-1" is not a whole number of seconds`},
		{name: "a fractional epoch", epoch: "1757349000.5", now: now, bad: true, want: `SOURCE_DATE_EPOCH="1757349000.5"`},
		{name: "an epoch with blanks", epoch: " 1757349000", now: now, bad: true, want: "SOURCE_DATE_EPOCH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := today(tt.epoch, tt.now)
			if tt.bad {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("today(%q) = %s, %v; want an error containing %q", tt.epoch, got, err, tt.want)
				}
				if err != nil && !strings.Contains(err.Error(), "unset it, or set it like SOURCE_DATE_EPOCH=") {
					t.Errorf("the error %q does not say what to do", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Format(time.DateOnly) != tt.want {
				t.Errorf("today(%q, %s) = %s, want %s", tt.epoch, tt.now.Format(time.RFC3339), got, tt.want)
			}
			if h, m, s := got.Clock(); got.Location() != time.UTC || h+m+s != 0 {
				t.Errorf("today = %v; want midnight UTC of the day, as data.Date holds days", got)
			}
		})
	}
}
