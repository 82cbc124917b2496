package pipeline_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/importer"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

func day(t *testing.T, s string) data.Date {
	t.Helper()
	d, err := data.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// importedAndBuilt is a new project with the notice of 2024h2 imported (as the issuer first
// sent it, on 2026-12-01) and built once.
func importedAndBuilt(t *testing.T) string {
	t.Helper()
	root := testkit.Empty(t)
	if _, err := importer.Import(importer.Options{Root: root, File: testkit.ImporterFixture("handmade", "2024h2", "notice-2024h2.txt"), Updated: day(t, "2026-12-01")}); err != nil {
		t.Fatal(err)
	}
	buildkit.Build(t, root)
	return root
}

// A corrected notice (testdata/amend of the importer: 9月27日's two sessions moved, 第五次's
// 报名截止 a day earlier, 高级 310 元), re-imported as text and as .docx, then built: the
// feeds carry the new times under the same UIDs, SEQUENCE one higher and 【已调整】; the round
// page, the changes page, the printed schedule and the JSON say 原定 … 改为 …; the fees page
// the new fee.
func TestAmendedSite(t *testing.T) {
	buildkit.Today(t, "2026-12-07T12:00:00+08:00")
	const round = "2024h2-3"
	moved := "原定 9月27日（周五） 08:30–09:30，改为 09:00–10:00（2026年12月7日更新）"
	for _, file := range []string{"corrected.txt", "corrected.docx"} {
		t.Run(file, func(t *testing.T) {
			root := importedAndBuilt(t)
			if _, err := importer.Amend(importer.AmendOptions{Root: root, File: testkit.ImporterFixture("amend", file), Updated: day(t, "2026-12-07")}); err != nil {
				t.Fatal(err)
			}
			out, _, log := buildkit.Build(t, root)
			if strings.Contains(log, "edition already published") {
				t.Errorf("the build of a correction with its updated: warns:\n%s", log)
			}
			shanghai, err := time.LoadLocation("Asia/Shanghai")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range []struct {
				round, milestone, start string
			}{
				{round, "exam-2-theory", "2024-09-27T09:00"},
				{round, "exam-2-practical", "2024-09-27T10:30"},
				{"2024h2-5", "registration", "2024-11-08T00:00"},
			} {
				uid := permalink.UID(e.round, e.milestone)
				ev := feedEvent(t, out, permalink.Feed(e.round), uid)
				start, err := ev.DateTimeStart(shanghai)
				if err != nil {
					t.Fatal(err)
				}
				if got := start.In(shanghai).Format("2006-01-02T15:04"); got != e.start {
					t.Errorf("%s starts %s, want %s", uid, got, e.start)
				}
				if seq, err := ev.Props.Get(ical.PropSequence).Int(); err != nil || seq != 1 {
					t.Errorf("%s: SEQUENCE %d (%v), want 1", uid, seq, err)
				}
				if s, _ := ev.Props.Text(ical.PropSummary); !strings.HasPrefix(s, "【已调整】") {
					t.Errorf("%s: SUMMARY %q does not say 【已调整】", uid, s)
				}
			}
			for _, s := range []struct{ url, text string }{
				{permalink.Round(round), moved},
				{permalink.Changes, moved},
				{permalink.Changes, "原定 11月9日（周六），改为 11月8日（周五）"},
				{permalink.Schedule, "※ 原定 08:30–09:30"},
				{permalink.Schedule, "本表为第 2 版（2026年12月7日）"},
				{permalink.JSON, `"new_text": "09:00–10:00"`},
				{permalink.Fees, "310"},
			} {
				if page := testkit.Served(t, out, s.url); !strings.Contains(page, s.text) {
					t.Errorf("/%s does not show %q", s.url, s.text)
				}
			}
			if page := testkit.Served(t, out, permalink.Fees); strings.Contains(page, "300 元") {
				t.Errorf("/%s still shows the old fee", permalink.Fees)
			}
		})
	}
}

// A round dropped by a correction and cancelled with -cancel reaches the feeds as
// STATUS:CANCELLED, and its page stays.
func TestAmendCancelledRound(t *testing.T) {
	buildkit.Today(t, "2026-12-07T12:00:00+08:00")
	root := importedAndBuilt(t)
	if _, err := importer.Amend(importer.AmendOptions{Root: root, File: testkit.ImporterFixture("amend", "without-round-7.txt"), Updated: day(t, "2026-12-07"), Cancel: []string{"2024h2-7"}}); err != nil {
		t.Fatal(err)
	}
	out, _, _ := buildkit.Build(t, root)
	for _, m := range []string{"exam-1-theory", "registration"} {
		ev := feedEvent(t, out, permalink.Feed("2024h2-7"), permalink.UID("2024h2-7", m))
		if s, _ := ev.Props.Text(ical.PropStatus); s != "CANCELLED" {
			t.Errorf("2024h2-7 %s: STATUS %s, want CANCELLED", m, s)
		}
	}
	testkit.Served(t, out, permalink.Round("2024h2-7"))
}

// A change made by hand, without moving updated:, warns at notice.yaml's updated: line.
func TestUndatedChangeWarns(t *testing.T) {
	buildkit.Today(t, "2026-12-07T12:00:00+08:00")
	root := importedAndBuilt(t)
	dir := "data/notices/2024h2/"
	testkit.Edit(t, root, dir+"rounds.yaml", `start: "08:30", end: "09:30", levels: [初级, 中级]}  # notice-2024h2.txt:16`, `start: "09:00", end: "10:00", levels: [初级, 中级]}  # notice-2024h2.txt:16`)
	testkit.Edit(t, root, dir+"notice-2024h2.txt", "9月27日 (周五)\t初级\t理论考试\t08:30-09:30", "9月27日 (周五)\t初级\t理论考试\t09:00-10:00")
	_, _, log := buildkit.Build(t, root)
	meta, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(dir), "notice.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	line := 0
	for i, l := range strings.Split(string(meta), "\n") {
		if strings.HasPrefix(l, "updated:") {
			line = i + 1
		}
	}
	want := dir + "notice.yaml:" + strconv.Itoa(line) + ":"
	if !strings.Contains(log, want) || !strings.Contains(log, "updated: 2026-12-01 is the date of an edition already published") || !strings.Contains(log, "2024h2-3.exam-2-theory") {
		t.Errorf("the build does not warn at %s:\n%s", want, log)
	}
}
