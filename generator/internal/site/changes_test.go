package site

import (
	"slices"
	"testing"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/testkit"
)

// The model of a notice whose session moved after its first build: the notice is at its
// second edition, dated by the change; the change is on the moved milestone and on its
// session in the table, nowhere else; the home page flags it for 30 days (today's model)
// and not after.
func TestChangesModel(t *testing.T) {
	root, dataDir, p := prepareFixture(t, testkit.Notice)
	if err := datafile.Write(p.changesRecord.Path, p.changesRecord.Text); err != nil { // the first build, published
		t.Fatal(err)
	}
	if m := p.site(p.texts); m.Notices[0].Edition != (editionModel{1, "2025-03-01", "2025年3月1日"}) || len(m.Changes) != 0 {
		t.Fatalf("before any change: edition %+v, %d changes; want the first edition of updated, none", m.Notices[0].Edition, len(m.Changes))
	}
	testkit.Edit(t, root, "data/notices/2025h1/rounds.yaml",
		"date: 2025-06-13\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"08:30\", end: \"09:30\"",
		"date: 2025-06-13\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"08:00\", end: \"09:00\"")
	testkit.Edit(t, root, "data/notices/2025h1/notice.yaml", "updated: 2025-03-01\n", "updated: 2025-03-08\n")
	p, err := Prepare(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	m := p.site(p.texts)
	n := m.Notices[0]
	if n.Edition != (editionModel{2, "2025-03-08", "2025年3月8日"}) {
		t.Errorf("edition %+v, want the second, of 2025-03-08", n.Edition)
	}
	if len(n.Changes) != 1 || len(m.Changes) != 1 {
		t.Fatalf("%d changes of the notice, %d of the site; want the one", len(n.Changes), len(m.Changes))
	}
	c := n.Changes[0]
	want := changeModel{Kind: "moved", Edition: 2, Date: "2025-03-08", DateText: "2025年3月8日",
		Old: changeValue{"2025-06-13", "2025-06-13", "08:30", "09:30", false}, New: changeValue{"2025-06-13", "2025-06-13", "08:00", "09:00", false},
		OldText: "6月13日（周五） 08:30–09:30", NewText: "08:00–09:00", Was: "08:30–09:30",
		Notice: "2025h1", NoticeTitle: n.Notice.ShortTitle, Round: "2025h1-2", RoundName: "第二次统考", Milestone: "exam-2-theory", Label: "理论考试",
		UID: permalink.UID("2025h1-2", "exam-2-theory"), URL: permalink.Milestone("2025h1-2", "exam-2-theory")}
	if c != want {
		t.Errorf("change\n%+v\nwant\n%+v", c, want)
	}
	var changed []string
	for _, r := range n.Rounds {
		for _, ms := range r.Milestones {
			if ms.Change != nil {
				changed = append(changed, ms.UID)
			}
		}
		for _, d := range r.Days {
			if d.WasDate != "" {
				changed = append(changed, "table day "+d.Date.String())
			}
			for _, s := range d.Sessions {
				if s.Change != nil {
					changed = append(changed, "table "+s.Change.UID+" was "+s.WasTime)
				}
			}
		}
	}
	// The table marks the session's time, which changed, not its day, which did not.
	if w := []string{c.UID, "table " + c.UID + " was 08:30–09:30"}; !slices.Equal(changed, w) {
		t.Errorf("changes shown on %v; want %v", changed, w)
	}
	for _, tt := range []struct {
		day    string
		recent []int
	}{{"2025-03-08", []int{0}}, {"2025-04-06", []int{0}}, {"2025-04-07", nil}} {
		d, err := data.ParseDate(tt.day)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.today(d).Notices["2025h1"].Recent; !slices.Equal(got, tt.recent) {
			t.Errorf("on %s the home page flags %v; want %v", tt.day, got, tt.recent)
		}
	}
}
