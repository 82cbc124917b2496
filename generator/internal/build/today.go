package build

import (
	"fmt"
	"strconv"
	"time"

	"examnotice/generator/internal/data"
)

// SourceDateEpochEnv pins "today" for reproducible builds (reproducible-builds.org's
// SOURCE_DATE_EPOCH: seconds since 1970-01-01 UTC).
const SourceDateEpochEnv = "SOURCE_DATE_EPOCH"

// zone is where the exams take place: "today" is the day there.
const zone = "Asia/Shanghai"

// Today is the only clock a build reads: the day in Asia/Shanghai at the instant epoch (the
// value of SOURCE_DATE_EPOCH) when it is set, else now. Pages render each deadline's state
// for that day without JavaScript; feeds, JSON and QR images never depend on it.
func Today(epoch string, now time.Time) (data.Date, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return data.Date{}, fmt.Errorf("loading time zone %s: %w", zone, err)
	}
	t := now
	if epoch != "" {
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil || sec < 0 {
			return data.Date{}, fmt.Errorf("%s=%q is not a whole number of seconds since 1970-01-01 UTC; unset it, or set it like %s=%d", SourceDateEpochEnv, epoch, SourceDateEpochEnv, now.Unix())
		}
		t = time.Unix(sec, 0)
	}
	y, m, d := t.In(loc).Date()
	return data.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}, nil
}
