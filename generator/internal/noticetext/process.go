package noticetext

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"examnotice/generator/internal/data"
)

// knownStep is what the text does not say of a step of section 三: its id (a part of every
// round's permanent calendar UIDs) and the name of the milestone it dates.
type knownStep struct {
	id, milestone string
	explicit      string // the round field that wins over the rule (the table's 报名截止时间)
}

// The steps this package knows, by the name the process table gives them. A step it does
// not know stops the import; add it here with a new id (never reuse or rename one).
var knownSteps = map[string]knownStep{
	"考核站点申报": {id: "site-application", milestone: "考核站点申报"},
	"考试报名":   {id: "registration", milestone: "报名截止", explicit: data.ExplicitRegistration},
	"考场布置":   {id: "room-setup", milestone: "考场布置"},
	"准考证打印":  {id: "admission-ticket", milestone: "准考证打印"},
	"正式考试":   {id: "exam", milestone: "正式考试"},
	"成绩公示":   {id: "scores", milestone: "成绩公示"},
	"证书颁发":   {id: certificatesStep, milestone: "证书颁发"},
}

// certificatesStep is the step README "Reading the notice" §5 reads after the publicity.
const certificatesStep = "certificates"

var (
	beforePattern = regexp.MustCompile(`^考试前\s*(\d+)\s*日$`)
	afterPattern  = regexp.MustCompile(`^考试后\s*(\d+)\s*日$`)
	spanPattern   = regexp.MustCompile(`公示\s*(\d+)\s*日`)
)

// examTime is the 时间 of the step that is the exam itself.
const examTime = "考试时间"

// process reads the table of section 三: a row per step, its name, its 时间 (考试前 N 日,
// 考试后 N 日 or 考试时间) and its 内容 (the wording; 公示 N 日 there is the step's span).
func (p *parser) process() error {
	from, to := p.body(3)
	at, rows, err := p.table(3, from, to, []string{"时间", "内容"}, func(string) bool { return true })
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return p.fail(p.sections[3]+1, 0, "the process table has no rows; expected a row per step under its header (时间, 内容)")
	}
	for _, r := range rows {
		name, when, wording := r.cells[0], r.cells[at["时间"]], r.cells[at["内容"]]
		k, ok := knownSteps[name]
		if !ok {
			return p.fail(r.line, 1, "the step %q is not one the importer knows; a step needs an id of ours (a part of calendar UIDs): add it to knownSteps in generator/internal/noticetext (known: %s)", name, strings.Join(slices.Sorted(maps.Keys(knownSteps)), "、"))
		}
		s := data.Step{Keys: data.Keys{At: data.Pos{Line: r.line}}, ID: k.id, Name: name, Milestone: k.milestone, Time: when, Wording: wording}
		switch m, n := beforePattern.FindStringSubmatch(when), afterPattern.FindStringSubmatch(when); {
		case when == examTime:
			s.Anchor = data.AnchorSessions
		case m != nil:
			days, _ := strconv.Atoi(m[1])
			s.Anchor, s.OffsetDays = data.AnchorFirstDay, -days
		case n != nil:
			days, _ := strconv.Atoi(n[1])
			s.Anchor, s.OffsetDays = data.AnchorLastDay, days
		default:
			return p.fail(r.line, at["时间"]+1, "the 时间 %q of %s is not a rule; expected 考试前 <N> 日, 考试后 <N> 日 or %s", when, name, examTime)
		}
		if m := spanPattern.FindStringSubmatch(wording); m != nil && s.Anchor == data.AnchorLastDay {
			s.SpanDays, _ = strconv.Atoi(m[1])
		}
		if k.explicit != "" {
			s.Explicit = k.explicit
		}
		if s.ID == certificatesStep && s.Anchor == data.AnchorLastDay {
			afterPublicity(&s, p.n.Process)
		}
		p.n.Process = append(p.n.Process, s)
	}
	return nil
}

// afterPublicity applies README "Reading the notice" §5 to the 证书颁发 step s: an offset
// after the exam that would not come after the end of an earlier step's publicity counts
// from that end instead, and the date is 预计.
func afterPublicity(s *data.Step, earlier []data.Step) {
	for _, e := range earlier {
		if e.SpanDays > 0 && e.Anchor == data.AnchorLastDay && s.OffsetDays < e.OffsetDays+e.SpanDays {
			s.Anchor = data.AnchorEndOf(e.ID)
			s.Estimated = true
			return
		}
	}
}
