package site

import (
	"sort"

	"examnotice/generator/internal/change"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/timeline"
)

// editionModel is which edition of its schedule a notice is at: 1 until a build records a
// change, then one more for every edition date (`updated`) with changes, dated by the latest.
type editionModel struct {
	Number   int    `json:"number"`
	Date     string `json:"date"` // YYYY-MM-DD
	DateText string `json:"date_text"`
}

// changeModel is one recorded change of an event (data/changes.lock), in words.
type changeModel struct {
	Kind        change.Kind `json:"kind"`    // moved, back, cancelled, restored
	Edition     int         `json:"edition"` // the edition it made (2 for the first change)
	Date        string      `json:"date"`    // the edition date, YYYY-MM-DD
	DateText    string      `json:"date_text"`
	Old         changeValue `json:"old"`
	New         changeValue `json:"new"`
	OldText     string      `json:"old_text"` // 9月27日（周五） 08:30–09:30
	NewText     string      `json:"new_text"` // 08:00–09:00: the days only when they changed
	Was         string      `json:"was"`      // the old value, short like NewText (08:30–09:30)
	Note        string      `json:"note,omitempty"`
	Notice      string      `json:"notice"`
	NoticeTitle string      `json:"notice_title"`
	Round       string      `json:"round"`
	RoundName   string      `json:"round_name"`
	Milestone   string      `json:"milestone"`
	Label       string      `json:"label"`
	UID         string      `json:"uid"`
	URL         string      `json:"url"` // the event's place on its round's page
}

type changeValue struct {
	First     string `json:"first_day"`
	Last      string `json:"last_day"`
	Start     string `json:"start,omitempty"`
	End       string `json:"end,omitempty"`
	Cancelled bool   `json:"cancelled"`
}

func valueModel(v change.Value) changeValue {
	return changeValue{First: v.First.String(), Last: v.Last.String(), Start: v.Start, End: v.End, Cancelled: v.Cancelled}
}

// noticeChanges is the changes of the notice tn in rec, newest first, and its edition.
func noticeChanges(tn timeline.Notice, rec *change.Record) ([]changeModel, editionModel) {
	type place struct {
		round timeline.Round
		label string
	}
	events := map[string]place{}
	for _, r := range tn.Rounds {
		for _, m := range r.Milestones {
			events[permalink.UID(r.ID, m.ID)] = place{r, m.Label}
		}
	}
	var own []change.Change
	for _, c := range rec.Changes() {
		if _, ok := events[c.UID]; ok {
			own = append(own, c)
		}
	}
	// Editions are the distinct dates, in order.
	number := map[string]int{}
	var dates []string
	for _, c := range own {
		d := c.Edition.String()
		if _, ok := number[d]; !ok {
			dates = append(dates, d)
		}
		number[d] = 0
	}
	sort.Strings(dates)
	for i, d := range dates {
		number[d] = i + 2
	}
	ed := editionModel{Number: 1, Date: tn.Meta.Updated.String(), DateText: change.EditionText(tn.Meta.Updated)}
	out := make([]changeModel, 0, len(own))
	for i := len(own) - 1; i >= 0; i-- {
		c := own[i]
		pl := events[c.UID]
		old, new := c.Texts(tn.Meta.Year)
		out = append(out, changeModel{
			Kind: c.Kind(), Edition: number[c.Edition.String()], Date: c.Edition.String(), DateText: change.EditionText(c.Edition),
			Old: valueModel(c.Old), New: valueModel(c.New), OldText: old, NewText: new, Was: c.Was(tn.Meta.Year), Note: c.Note,
			Notice: tn.Meta.ID, NoticeTitle: tn.Meta.ShortTitle,
			Round: c.Round, RoundName: pl.round.Name, Milestone: c.Milestone, Label: pl.label,
			UID: c.UID, URL: permalink.Milestone(c.Round, c.Milestone),
		})
		if n := number[c.Edition.String()]; n > ed.Number {
			ed = editionModel{Number: n, Date: c.Edition.String(), DateText: change.EditionText(c.Edition)}
		}
	}
	// Newest first: by edition date, then as recorded (later first).
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date > out[j].Date })
	return out, ed
}

// latestChange is the most recent change of the event uid among changes (newest first).
func latestChange(changes []changeModel, uid string) *changeModel {
	for i := range changes {
		if changes[i].UID == uid {
			return &changes[i]
		}
	}
	return nil
}

// allChanges is every notice's changes, newest first (then newer notice first).
func allChanges(notices []model) []changeModel {
	out := []changeModel{}
	for _, m := range notices {
		out = append(out, m.Changes...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date > out[j].Date })
	return out
}
