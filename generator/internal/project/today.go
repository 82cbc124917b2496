package project

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// SourceDateEpochEnv pins "today" for reproducible builds (reproducible-builds.org's
// SOURCE_DATE_EPOCH: seconds since 1970-01-01 UTC).
const SourceDateEpochEnv = "SOURCE_DATE_EPOCH"

// zone is where the exams take place: "today" is the day there.
const zone = "Asia/Shanghai"

// Today is the only clock the generator reads: the day in Asia/Shanghai, now or at the
// instant $SOURCE_DATE_EPOCH when it is set, as midnight UTC of that day (as data.Date holds
// days). Pages render each deadline's state for that day without JavaScript, and an import
// dates the data it writes; feeds, JSON and QR images never depend on it.
func Today() (time.Time, error) { return today(os.Getenv(SourceDateEpochEnv), time.Now()) }

// today is Today at the instant epoch (the value of SOURCE_DATE_EPOCH) when it is set, else now.
func today(epoch string, now time.Time) (time.Time, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return time.Time{}, fmt.Errorf("loading time zone %s: %w", zone, err)
	}
	t := now
	if epoch != "" {
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil || sec < 0 {
			return time.Time{}, fmt.Errorf("%s=%q is not a whole number of seconds since 1970-01-01 UTC; unset it, or set it like %s=%d", SourceDateEpochEnv, epoch, SourceDateEpochEnv, now.Unix())
		}
		t = time.Unix(sec, 0)
	}
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}
