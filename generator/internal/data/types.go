package data

import "strings"

// Notice is the whole notice as the data files describe it, decoded but not yet checked.
type Notice struct {
	Meta      Meta
	Rounds    []Round
	Process   []Step
	Fees      Fees
	Groups    GroupList
	Contacts  Contacts
	Provinces []Province
	Workdays  []WorkdayYear

	Dir string // its folder: data/notices/<id>, which also holds its text

	paths map[string]string // data file name → path as loaded, for problems about a whole file
}

// fileStart is the first line of the data file name, for problems about the file as a whole.
func (n *Notice) fileStart(name string) Pos {
	if p, ok := n.paths[name]; ok {
		return Pos{File: p, Line: 1}
	}
	return Pos{File: name, Line: 1}
}

// Meta is notice.yaml: the notice's heading and section 二.
type Meta struct {
	Keys         Keys          `json:"-"`
	ID           string        `yaml:"id" json:"id"`
	Title        string        `yaml:"title" json:"title"`
	ShortTitle   string        `yaml:"short_title" json:"short_title"`
	Issuer       string        `yaml:"issuer" json:"issuer"`
	Addressees   string        `yaml:"addressees" json:"addressees"`
	Year         int           `yaml:"year" json:"year"`
	TimeZone     string        `yaml:"time_zone" json:"time_zone"`
	Updated      Date          `yaml:"updated" json:"updated"`
	SourceFile   string        `yaml:"source_file" json:"source_file"`
	Preamble     string        `yaml:"preamble" json:"preamble"`
	Certificates []Certificate `yaml:"certificates" json:"certificates"`
	Levels       []string      `yaml:"levels" json:"levels"`
	Exam         Exam          `yaml:"exam" json:"exam"`
	// ChangeNote, when given, is said with every change of the schedule that a build
	// records at this `updated` (依据补充通知): data/changes.lock keeps it with the change.
	ChangeNote string `yaml:"change_note,optional" json:"change_note,omitempty"`
}

// Certificate is one of the skill-level certificates the notice covers.
type Certificate struct {
	Keys  Keys   `json:"-"`
	ID    string `yaml:"id" json:"id"`
	Name  string `yaml:"name" json:"name"`
	Short string `yaml:"short" json:"short"`
}

// Exam is the exam form, scope and pass rule of section 二.
type Exam struct {
	Form     string    `yaml:"form" json:"form"`
	Mode     string    `yaml:"mode" json:"mode"`
	Subjects []Subject `yaml:"subjects" json:"subjects"`
	Scope    string    `yaml:"scope" json:"scope"`
	PassRule string    `yaml:"pass_rule" json:"pass_rule"`
}

// Subject is one part of the exam with its fixed length.
type Subject struct {
	Keys      Keys   `json:"-"`
	ID        string `yaml:"id" json:"id"`
	Name      string `yaml:"name" json:"name"`
	Minutes   int    `yaml:"minutes" json:"minutes"`
	FullMarks int    `yaml:"full_marks" json:"full_marks"`
	PassMark  int    `yaml:"pass_mark" json:"pass_mark"`
}

// Round is one unified exam (统考) of section 一.
type Round struct {
	Keys                 Keys   `json:"-"`
	ID                   string `yaml:"id" json:"id"`
	Name                 string `yaml:"name" json:"name"`
	Number               int    `yaml:"number" json:"number"`
	Status               string `yaml:"status,optional" json:"status,omitempty"`
	RegistrationDeadline Date   `yaml:"registration_deadline" json:"registration_deadline"`
	Days                 []Day  `yaml:"days" json:"days"`
}

// Cancelled reports whether the round was called off (it stays published, marked so).
func (r Round) Cancelled() bool { return r.Status == StatusCancelled }

// StatusCancelled marks a round or session that was called off.
const StatusCancelled = "cancelled"

// Day is one exam day of a round.
type Day struct {
	Keys     Keys      `json:"-"`
	Date     Date      `yaml:"date" json:"date"`
	Weekday  string    `yaml:"weekday" json:"weekday"`
	Sessions []Session `yaml:"sessions" json:"sessions"`
}

// Session is one sitting of one subject on an exam day.
type Session struct {
	Keys    Keys     `json:"-"`
	Subject string   `yaml:"subject" json:"subject"`
	Start   Clock    `yaml:"start" json:"start"`
	End     Clock    `yaml:"end" json:"end"`
	Levels  []string `yaml:"levels" json:"levels"`
	Status  string   `yaml:"status,optional" json:"status,omitempty"`
}

// Step is one step of section 三 with the rule that dates it.
type Step struct {
	Keys       Keys   `json:"-"`
	ID         string `yaml:"id" json:"id"`
	Name       string `yaml:"name" json:"name"`
	Milestone  string `yaml:"milestone" json:"milestone"`
	Time       string `yaml:"time" json:"time"`
	Wording    string `yaml:"wording" json:"wording"`
	Anchor     string `yaml:"anchor" json:"anchor"`
	OffsetDays int    `yaml:"offset_days,optional" json:"offset_days"`
	SpanDays   int    `yaml:"span_days,optional" json:"span_days,omitempty"`
	Explicit   string `yaml:"explicit,optional" json:"explicit,omitempty"`
	Estimated  bool   `yaml:"estimated,optional" json:"estimated,omitempty"`
}

// ExplicitRegistration is the only round field a step's `explicit` may name: the table's
// 报名截止时间, which makes that step the round's registration deadline.
const ExplicitRegistration = "registration_deadline"

// The anchors a step's offset counts from.
const (
	AnchorFirstDay = "first-exam-day"
	AnchorLastDay  = "last-exam-day"
	AnchorSessions = "exam-sessions"
	anchorEndOf    = "end-of:"
)

// AnchorEndOf is the anchor of the last day of the step id, one that lasts several days
// (span_days): end-of:<id>.
func AnchorEndOf(step string) string { return anchorEndOf + step }

// EndOfStep is the step an anchor of AnchorEndOf names, and whether it is one.
func EndOfStep(anchor string) (step string, ok bool) { return strings.CutPrefix(anchor, anchorEndOf) }

// Fees is fees.yaml: section 四.
type Fees struct {
	Levels   []Fee       `yaml:"levels" json:"levels"`
	Unit     string      `yaml:"unit" json:"unit"`
	Standard string      `yaml:"standard" json:"standard"`
	Payment  string      `yaml:"payment" json:"payment"`
	Payers   []Payer     `yaml:"payers" json:"payers"`
	Deadline FeeDeadline `yaml:"deadline" json:"deadline"`
	Account  Account     `yaml:"account" json:"account"`
}

// Fee is the price of one level.
type Fee struct {
	Keys  Keys   `json:"-"`
	Level string `yaml:"level" json:"level"`
	Yuan  int    `yaml:"yuan" json:"yuan"`
}

// Payer says who pays for which candidates, and to whom.
type Payer struct {
	Candidates string `yaml:"candidates" json:"candidates"`
	Payer      string `yaml:"payer" json:"payer"`
	Payee      string `yaml:"payee" json:"payee"`
}

// FeeDeadline is the payment rule: a count of working days before an anchor day.
type FeeDeadline struct {
	Keys              Keys   `json:"-"`
	Milestone         string `yaml:"milestone" json:"milestone"`
	Wording           string `yaml:"wording" json:"wording"`
	Anchor            string `yaml:"anchor" json:"anchor"`
	WorkingDaysBefore int    `yaml:"working_days_before" json:"working_days_before"`
}

// Account is the bank account fees are paid to.
type Account struct {
	Keys   Keys   `json:"-"`
	Name   string `yaml:"name" json:"name"`
	Number Digits `yaml:"number" json:"number"`
	Bank   string `yaml:"bank" json:"bank"`
}

// GroupList is groups.yaml: section 五.
type GroupList struct {
	Intro  string  `yaml:"intro" json:"intro"`
	Groups []Group `yaml:"groups" json:"groups"`
}

// Group is the QQ work group of one round.
type Group struct {
	Keys    Keys   `json:"-"`
	Round   string `yaml:"round" json:"round"`
	Name    string `yaml:"name" json:"name"`
	Number  Digits `yaml:"number" json:"number"`
	JoinURL string `yaml:"join_url,optional" json:"join_url,omitempty"`
}

// Contacts is contacts.yaml: section 六.
type Contacts struct {
	Title    string    `yaml:"title" json:"title"`
	Regional []Contact `yaml:"regional" json:"regional"`
	Office   []Office  `yaml:"office" json:"office"`
}

// Contact is a regional contact and the provinces it covers.
type Contact struct {
	Keys      Keys     `json:"-"`
	Name      string   `yaml:"name" json:"name"`
	Provinces []string `yaml:"provinces" json:"provinces"`
	Phone     Digits   `yaml:"phone" json:"phone"`
}

// Office is one of the central contacts (1+X 办公室, 社会合作机构).
type Office struct {
	Keys  Keys   `json:"-"`
	Role  string `yaml:"role" json:"role"`
	Name  string `yaml:"name" json:"name"`
	Phone Digits `yaml:"phone" json:"phone"`
}

// Province is a mainland provincial-level division and its one-character abbreviation.
type Province struct {
	Keys Keys   `json:"-"`
	Code string `yaml:"code" json:"code"`
	Name string `yaml:"name" json:"name"`
}

// WorkdayYear is one year of the State Council holiday arrangement.
type WorkdayYear struct {
	Keys     Keys      `json:"-"`
	Year     int       `yaml:"year" json:"year"`
	Source   string    `yaml:"source" json:"source"`
	Holidays []Holiday `yaml:"holidays" json:"holidays"`
	Workdays []Date    `yaml:"workdays" json:"workdays"`
}

// Holiday is a run of statutory days off, first and last day inclusive.
type Holiday struct {
	Keys Keys   `json:"-"`
	Name string `yaml:"name" json:"name"`
	From Date   `yaml:"from" json:"from"`
	To   Date   `yaml:"to" json:"to"`
}
