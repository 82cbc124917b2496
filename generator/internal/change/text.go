package change

import (
	"fmt"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/timeline"
)

// Kind names what a change did to its event.
type Kind string

// The kinds of change.
const (
	Moved     Kind = "moved"     // its days or time changed
	MovedBack Kind = "back"      // it was put back where it was before its previous change
	Cancelled Kind = "cancelled" // it was called off
	Restored  Kind = "restored"  // its cancellation was withdrawn
)

// Kind says what c did.
func (c Change) Kind() Kind {
	switch {
	case c.New.Cancelled && !c.Old.Cancelled:
		return Cancelled
	case c.Old.Cancelled && !c.New.Cancelled:
		return Restored
	case c.Back:
		return MovedBack
	}
	return Moved
}

// Texts are the old and the new value of c in words, as the notice writes them (the year
// only when it is not the notice's): 9月27日（周五） 08:30–09:30 and, when the days stay,
// the new time alone.
func (c Change) Texts(noticeYear int) (old, new string) {
	old = c.Old.text(noticeYear, true)
	sameDays := c.Old.First.Equal(c.New.First) && c.Old.Last.Equal(c.New.Last)
	return old, c.New.text(noticeYear, !sameDays || c.New.Start == "")
}

// Was is the old value of c in words, short: its time alone when the days stayed (for a
// cell of the schedule table, beside the new value).
func (c Change) Was(noticeYear int) string {
	sameDays := c.Old.First.Equal(c.New.First) && c.Old.Last.Equal(c.New.Last)
	return c.Old.text(noticeYear, !sameDays || c.Old.Start == "")
}

func (v Value) text(noticeYear int, days bool) string {
	s := ""
	if days {
		s = timeline.DateText(v.First, noticeYear)
		if !v.Last.Equal(v.First) {
			s += " 至 " + timeline.DateText(v.Last, noticeYear)
		}
	}
	if v.Start != "" {
		if s != "" {
			s += " "
		}
		s += v.Start + "–" + v.End
	}
	return s
}

// EditionText writes an edition date in full: 2026年12月3日.
func EditionText(d data.Date) string {
	return fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
}

// Sentence is c in words, as a feed's description begins with it: 调整：原定 …，改为 …（2026年12月3日更新）。
func (c Change) Sentence(noticeYear int) string {
	old, new := c.Texts(noticeYear)
	when := EditionText(c.Edition) + "更新"
	if c.Note != "" {
		when += "；" + c.Note
	}
	switch c.Kind() {
	case Cancelled:
		return fmt.Sprintf("调整：原定 %s，已取消（%s）。", old, when)
	case Restored:
		return fmt.Sprintf("调整：取消已撤回，%s 照常进行（%s）。", c.New.text(noticeYear, true), when)
	case MovedBack:
		return fmt.Sprintf("调整：由 %s 改回 %s（%s）。", old, new, when)
	}
	return fmt.Sprintf("调整：原定 %s，改为 %s（%s）。", old, new, when)
}
