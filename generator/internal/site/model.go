package site

import (
	"encoding/json"
	"slices"

	"examnotice/generator/internal/change"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/timeline"
)

// siteModel is the contract between Go and the templates: what they read as hugo.Data.site.
// Everything a page shows is computed here: dates, the paths of feeds, QR images and pages
// (from permalink), which milestone is which, which notice is current and which replaced
// which. The templates only render it; testdata/site.golden.json pins its shape. Nothing in
// it depends on the day of the build (that is todayModel's).
type siteModel struct {
	Links   links   `json:"links"`
	Current int     `json:"current"` // index in Notices of the current notice: 0, the newest
	Notices []model `json:"-"`       // newest first
	// NoticesJSON is Notices, each encoded once (encode): the templates read them here, and
	// the site publishes them for other tools.
	NoticesJSON []json.RawMessage `json:"notices"`
	Changes     []changeModel     `json:"changes"` // every notice's, newest first (the changes page)
}

// model is one notice for the templates, and as published for other tools (notice.json for
// the current notice, notices/<id>/notice.json for each).
type model struct {
	ID         string        `json:"id"`
	URL        string        `json:"url"`        // the notice's own overview page
	Pages      noticePages   `json:"pages"`      // its own pages
	Feed       string        `json:"feed"`       // its subscribable calendar
	JSON       string        `json:"json"`       // its data for other tools
	SourceURL  string        `json:"source_url"` // its text as published
	SourceText string        `json:"source_text"`
	Current    bool          `json:"current"`   // the notice the site leads with
	Successor  *successor    `json:"successor"` // the next newer notice, for an earlier one
	Notice     metaModel     `json:"notice"`
	Rounds     []roundModel  `json:"rounds"`
	Process    []stepModel   `json:"process"`
	Fees       feesModel     `json:"fees"`
	Groups     groupsModel   `json:"groups"`
	Contacts   contactsModel `json:"contacts"`
	Workdays   []string      `json:"workday_sources"`
	// Edition is which edition of its schedule the notice is at; Changes are its recorded
	// changes (data/changes.lock), newest first.
	Edition editionModel  `json:"edition"`
	Changes []changeModel `json:"changes"`
}

// noticePages are the paths of a notice's own pages.
type noticePages struct {
	Schedule string `json:"schedule"`
	Process  string `json:"process"`
	Fees     string `json:"fees"`
	Groups   string `json:"groups"`
	Contacts string `json:"contacts"`
	Source   string `json:"source"`
}

// successor names the notice that replaced an earlier one.
type successor struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	ShortTitle string `json:"short_title"`
	URL        string `json:"url"`
}

// metaModel is notice.yaml, with what the pages say of the exam as a whole.
type metaModel struct {
	data.Meta
	// Sitting is what every exam day holds (the subjects, in order) and who sits them.
	SittingSubjects []string `json:"sitting_subjects"`
	SittingLevels   []string `json:"sitting_levels"`
}

// links are the site's fixed paths, relative to the base URL.
type links struct {
	AllFeed   string `json:"all_feed"`
	SiteQR    string `json:"site_qr"`
	JSON      string `json:"json"`
	Schedule  string `json:"schedule"`
	Groups    string `json:"groups"`
	Subscribe string `json:"subscribe"`
	Source    string `json:"source"`
	Notices   string `json:"notices"`
	Changes   string `json:"changes"`    // every change of every notice
	ChangesQR string `json:"changes_qr"` // the QR image that leads there, without extension
}

type roundModel struct {
	timeline.Round
	Days       []dayModel       `json:"days"`       // shadows Round.Days, adding the display text
	Milestones []milestoneModel `json:"milestones"` // shadows Round.Milestones, adding paths
	Group      groupModel       `json:"group"`
	URL        string           `json:"url"`           // the round's page
	Feed       string           `json:"feed"`          // its subscribable calendar
	Subscribe  string           `json:"subscribe_url"` // its page's subscribe section
	QR         string           `json:"qr"`            // the QR image that leads there, without extension
	// The deadlines every page shows on their own.
	Registration milestoneModel `json:"registration"`
	FeePayment   milestoneModel `json:"fee_payment"`
}

type dayModel struct {
	data.Day
	DateText string         `json:"date_text"`
	WasDate  string         `json:"was_date,omitempty"` // the day its sessions were on before they changed, when another
	Sessions []sessionModel `json:"sessions"`           // shadows Day.Sessions, adding the subject's name
}

type sessionModel struct {
	data.Session
	SubjectName string       `json:"subject_name"`
	Cancelled   bool         `json:"cancelled"`          // the session or its whole round
	Change      *changeModel `json:"change,omitempty"`   // its latest change, if it ever changed
	WasTime     string       `json:"was_time,omitempty"` // its time before that change, when another
}

type milestoneModel struct {
	timeline.Milestone
	UID  string `json:"uid"`  // its calendar event's, the key of its state in hugo.Data.today
	URL  string `json:"url"`  // its place on the round's page (the HTML id there is its id)
	File string `json:"file"` // its single-event calendar file
	// Change is its latest change, if it ever changed.
	Change *changeModel `json:"change,omitempty"`
}

// stepModel is a process step with its dates in every round.
type stepModel struct {
	data.Step
	// InTable says the schedule table shows the step's dates (registration, the exams).
	InTable bool        `json:"in_table"`
	Rounds  []stepRound `json:"rounds"`
}

// stepRound is one round's dates of a step: its exam days for the exam step, else its milestone.
type stepRound struct {
	Name       string           `json:"name"`
	URL        string           `json:"url"` // the step's place on the round's page
	Days       []dayModel       `json:"days,omitempty"`
	Milestones []milestoneModel `json:"milestones,omitempty"`
}

type feesModel struct {
	data.Fees
	// Rule is the fee deadline rule in words (首个考试日前第 7 个工作日).
	Rule string `json:"rule"`
	// Unscheduled are the levels with a fee but no session in this notice (高级).
	Unscheduled []string `json:"unscheduled"`
}

type groupsModel struct {
	Intro string `json:"intro"`
}

type groupModel struct {
	data.Group
	RoundName string `json:"round_name"`
	Anchor    string `json:"anchor"` // its HTML id on the groups page
	URL       string `json:"url"`    // its place on the groups page
	QR        string `json:"qr"`     // its QR image, without extension
}

type contactsModel struct {
	Title     string          `json:"title"`
	Regional  []contactModel  `json:"regional"`
	Office    []data.Office   `json:"office"`
	Provinces []provinceModel `json:"provinces"` // in the order of provinces.yaml, each with its contact
}

type provinceModel struct {
	data.Province
	Contact data.Contact `json:"contact"`
}

type contactModel struct {
	data.Contact
	ProvinceNames []string `json:"province_names"`
}

// site is the model of every notice, newest first; texts are the notices' texts by id.
func (p *Prepared) site(texts map[string]string) siteModel {
	s := siteModel{Links: links{
		AllFeed: permalink.AllFeed, SiteQR: permalink.SiteQR, JSON: permalink.JSON,
		Schedule: permalink.Schedule, Groups: permalink.Groups, Subscribe: permalink.Subscribe,
		Source: permalink.Source, Notices: permalink.Notices, Changes: permalink.Changes, ChangesQR: permalink.ChangesQR,
	}}
	for i, tn := range p.Notices {
		m := noticeModel(tn, p.changes)
		m.Current = i == 0
		m.SourceText = texts[tn.Meta.ID]
		if i > 0 {
			newer := p.Notices[i-1]
			m.Successor = &successor{ID: newer.Meta.ID, Title: newer.Meta.Title, ShortTitle: newer.Meta.ShortTitle, URL: permalink.Notice(newer.Meta.ID)}
		}
		s.Notices = append(s.Notices, m)
	}
	s.Changes = allChanges(s.Notices)
	return s
}

// noticeModel is the model of one notice, without its place among the others; rec holds
// the changes of its schedule.
func noticeModel(tn timeline.Notice, rec *change.Record) model {
	n := tn.Notice
	id := n.Meta.ID
	changes, edition := noticeChanges(tn, rec)
	m := model{
		ID: id, URL: permalink.Notice(id), Feed: permalink.NoticeFeed(id), JSON: permalink.NoticeJSON(id),
		SourceURL: permalink.SourceText(n.Meta.SourceFile),
		Pages: noticePages{
			Schedule: permalink.NoticePage(id, permalink.Schedule), Process: permalink.NoticePage(id, permalink.Process),
			Fees: permalink.NoticePage(id, permalink.Fees), Groups: permalink.NoticePage(id, permalink.Groups),
			Contacts: permalink.NoticePage(id, permalink.Contacts), Source: permalink.NoticePage(id, permalink.Source),
		},
		Notice:  metaModel{Meta: n.Meta},
		Groups:  groupsModel{Intro: n.Groups.Intro},
		Fees:    feesModel{Fees: n.Fees, Rule: timeline.FeeRule(n)},
		Edition: edition, Changes: changes,
	}
	subjects := map[string]string{}
	for _, s := range n.Meta.Exam.Subjects {
		m.Notice.SittingSubjects = append(m.Notice.SittingSubjects, s.Name)
		subjects[s.ID] = s.Name
	}
	sitting := map[string]bool{}
	for _, r := range n.Rounds {
		for _, d := range r.Days {
			for _, s := range d.Sessions {
				for _, l := range s.Levels {
					sitting[l] = true
				}
			}
		}
	}
	for _, l := range n.Meta.Levels {
		if sitting[l] {
			m.Notice.SittingLevels = append(m.Notice.SittingLevels, l)
		}
	}
	for _, f := range n.Fees.Levels {
		if !sitting[f.Level] {
			m.Fees.Unscheduled = append(m.Fees.Unscheduled, f.Level)
		}
	}

	groups := map[string]data.Group{}
	for _, g := range n.Groups.Groups {
		groups[g.Round] = g
	}
	for _, r := range tn.Rounds {
		rm := roundModel{
			Round: r,
			URL:   permalink.Round(r.ID), Feed: permalink.Feed(r.ID),
			Subscribe: permalink.RoundSubscribe(r.ID), QR: permalink.RoundQR(r.ID),
		}
		for _, day := range r.Days {
			dm := dayModel{Day: day, DateText: timeline.DateText(day.Date, n.Meta.Year)}
			for _, s := range day.Sessions {
				sm := sessionModel{Session: s, SubjectName: subjects[s.Subject], Cancelled: r.Cancelled() || s.Status == data.StatusCancelled}
				if ms, ok := sessionMilestone(r, day, s, subjects[s.Subject]); ok {
					sm.Change = latestChange(changes, permalink.UID(r.ID, ms.ID))
				}
				// The schedule marks the cell that changed: the time, or the day.
				if c := sm.Change; c != nil {
					if c.Old.Start != "" && (c.Old.Start != c.New.Start || c.Old.End != c.New.End) {
						sm.WasTime = c.Old.Start + "–" + c.Old.End
					}
					if was, err := data.ParseDate(c.Old.First); err == nil && !was.Equal(day.Date) {
						dm.WasDate = timeline.DateText(was, n.Meta.Year)
					}
				}
				dm.Sessions = append(dm.Sessions, sm)
			}
			rm.Days = append(rm.Days, dm)
		}
		for _, ms := range r.Milestones {
			mm := milestoneModel{Milestone: ms, UID: permalink.UID(r.ID, ms.ID), URL: permalink.Milestone(r.ID, ms.ID), File: permalink.Event(r.ID, ms.ID)}
			mm.Change = latestChange(changes, mm.UID)
			rm.Milestones = append(rm.Milestones, mm)
			switch ms.Role {
			case timeline.Registration:
				rm.Registration = mm
			case timeline.FeePayment:
				rm.FeePayment = mm
			}
		}
		g := groups[r.ID]
		rm.Group = groupModel{Group: g, RoundName: r.Name, Anchor: permalink.GroupAnchor(r.ID), URL: permalink.Group(r.ID), QR: permalink.GroupQR(r.ID)}
		m.Rounds = append(m.Rounds, rm)
	}

	for _, s := range n.Process {
		sm := stepModel{Step: s, InTable: s.Anchor == data.AnchorSessions || s.Explicit == data.ExplicitRegistration}
		for _, rm := range m.Rounds {
			sr := stepRound{Name: rm.Name}
			for _, ms := range rm.Milestones {
				if ms.Step == s.ID {
					sr.Milestones = append(sr.Milestones, ms)
				}
			}
			if s.Anchor == data.AnchorSessions {
				sr.Days, sr.Milestones = rm.Days, nil
				if first, ok := firstOfStep(rm.Milestones, s.ID); ok {
					sr.URL = first.URL
				}
			} else if len(sr.Milestones) > 0 {
				sr.URL = sr.Milestones[0].URL
			}
			sm.Rounds = append(sm.Rounds, sr)
		}
		m.Process = append(m.Process, sm)
	}

	names := map[string]string{}
	for _, pr := range n.Provinces {
		names[pr.Code] = pr.Name
	}
	m.Contacts = contactsModel{Title: n.Contacts.Title, Office: n.Contacts.Office}
	for _, c := range n.Contacts.Regional {
		cm := contactModel{Contact: c}
		for _, code := range c.Provinces {
			cm.ProvinceNames = append(cm.ProvinceNames, names[code])
		}
		m.Contacts.Regional = append(m.Contacts.Regional, cm)
	}
	for _, pr := range n.Provinces {
		pm := provinceModel{Province: pr}
		for _, c := range n.Contacts.Regional {
			if slices.Contains(c.Provinces, pr.Code) {
				pm.Contact = c
			}
		}
		m.Contacts.Provinces = append(m.Contacts.Provinces, pm)
	}
	for _, y := range n.Workdays {
		m.Workdays = append(m.Workdays, y.Source)
	}
	return m
}

// sessionMilestone is the milestone of round r that is session s of day, whose subject is
// called name: the one of that subject on that day at that start.
func sessionMilestone(r timeline.Round, day data.Day, s data.Session, name string) (timeline.Milestone, bool) {
	for _, m := range r.Milestones {
		if m.Kind == timeline.Session && m.Date.Equal(day.Date) && m.Subject == name && m.Start.Hour()*60+m.Start.Minute() == s.Start.Minutes {
			return m, true
		}
	}
	return timeline.Milestone{}, false
}

// firstOfStep is the first milestone, in time order, that comes from step.
func firstOfStep(ms []milestoneModel, step string) (milestoneModel, bool) {
	for _, m := range ms {
		if m.Step == step {
			return m, true
		}
	}
	return milestoneModel{}, false
}

// todayModel is what the pages say on the day of the build, in the notices' time zone, as
// the script says it in the browser (site.js): each deadline's state, each notice's next
// round, whether a notice is over. It is the only part of the site that depends on the
// date; feeds, JSON and QR images never do. Templates read it as hugo.Data.today.
type todayModel struct {
	Date      string                   `json:"date"`      // YYYY-MM-DD
	Notices   map[string]noticeToday   `json:"notices"`   // by notice id
	Deadlines map[string]deadlineToday `json:"deadlines"` // by event UID: every whole-day milestone
	// RecentDays is how many days back a change is recent (noticeToday.Recent).
	RecentDays int `json:"recent_days"`
}

type noticeToday struct {
	Next string `json:"next"` // the id of the first round not cancelled whose last day is not past; "" when over
	Over bool   `json:"over"` // every round is past (本通知的各次统考均已结束)
	// Recent are the places in the notice's changes (newest first) of those whose edition
	// date is within the last recentDays days, which the home page flags.
	Recent []int `json:"recent,omitempty"`
}

// recentDays is how long the home page flags a change of the current notice.
const recentDays = 30

// deadlineToday is a day's state: open with Days left, due today, or closed.
type deadlineToday struct {
	State string `json:"state"` // open, today, closed
	Days  int    `json:"days"`  // days left when open
}

func (p *Prepared) today(day data.Date) todayModel {
	t := todayModel{Date: day.String(), Notices: map[string]noticeToday{}, Deadlines: map[string]deadlineToday{}, RecentDays: recentDays}
	for _, n := range p.Notices {
		nt := noticeToday{}
		for _, r := range n.Rounds {
			if nt.Next == "" && !r.Cancelled() && !r.LastDay.Before(day) {
				nt.Next = r.ID
			}
			for _, m := range r.Milestones {
				if m.Kind != timeline.Day {
					continue
				}
				days := int(m.Date.Sub(day.Time).Hours() / 24)
				d := deadlineToday{State: "closed"}
				switch {
				case days > 0:
					d = deadlineToday{State: "open", Days: days}
				case days == 0:
					d.State = "today"
				}
				t.Deadlines[permalink.UID(r.ID, m.ID)] = d
			}
		}
		nt.Over = nt.Next == ""
		changes, _ := noticeChanges(n, p.changes)
		for i, c := range changes {
			if c.Date > day.AddDays(-recentDays).String() {
				nt.Recent = append(nt.Recent, i)
			}
		}
		t.Notices[n.Meta.ID] = nt
	}
	return t
}
