package noticetext

import (
	"regexp"
	"strconv"
	"strings"

	"examnotice/generator/internal/data"
)

// item is a numbered paragraph of a section (1、考试形式：…) with the paragraphs that continue
// it (a line break in the Word document split 3、通过条件 in two).
type item struct {
	line  int // 1-based
	label string
	text  string // after the label and its colon; the whole item when it has no label
}

var itemPattern = regexp.MustCompile(`^(\d+)、(.*)$`)

// items reads the numbered paragraphs of section s. Lines for which other is true belong to
// the caller (the account's lines of section 四) and end an item. Any other line is an error.
func (p *parser) items(s int, other func(string) bool) ([]item, error) {
	from, to := p.body(s)
	var out []item
	open := false
	for i := from; i < to; i++ {
		t := strings.TrimSpace(p.lines[i])
		switch {
		case t == "":
			continue
		case other != nil && other(t):
			open = false
		case itemPattern.MatchString(t):
			rest := itemPattern.FindStringSubmatch(t)[2]
			it := item{line: i + 1, text: rest}
			if label, text, ok := cutColon(rest); ok {
				it.label, it.text = label, text
			}
			out = append(out, it)
			open = true
		case open && !strings.Contains(p.lines[i], "\t"):
			out[len(out)-1].text += t
		default:
			return nil, p.fail(i+1, 0, "%q is not a paragraph of section %s; expected its numbered paragraphs (1、…), each perhaps continued on the lines after it", t, sectionNames[s])
		}
	}
	return out, nil
}

// cutColon splits "label：text" at its first colon (full-width or not).
func cutColon(s string) (label, text string, ok bool) {
	i := strings.IndexAny(s, "：:")
	if i < 0 {
		return "", s, false
	}
	_, size := firstRune(s[i:])
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+size:]), true
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// find returns the item of its with label, or an error at the section's heading.
func (p *parser) find(s int, its []item, label, example string) (item, error) {
	for _, it := range its {
		if it.label == label {
			return it, nil
		}
	}
	return item{}, p.fail(p.sections[s]+1, 0, "section %s has no item %s; expected a numbered paragraph like %s", sectionNames[s], label, example)
}

// The subjects this package knows, by the name section 二 gives them: their ids are ours,
// parts of the sessions' permanent calendar UIDs. Another subject stops the import; add it here.
var subjectIDs = map[string]string{
	"理论考试": "theory",
	"实操考试": "practical",
}

var (
	modePattern     = regexp.MustCompile(`均采用(.+?)方式`)
	durationPattern = regexp.MustCompile(`([^，,；;。、和]+?)时间为\s*(\d+)\s*分钟`)
	fullPattern     = regexp.MustCompile(`满分均为\s*(\d+)\s*分`)
	passPattern     = regexp.MustCompile(`达到\s*(\d+)\s*分[（(]含[)）]以上`)
)

// exam reads section 二: the exam's form (its mode and each subject's minutes), its scope and
// its pass rule (the full and the pass marks of every subject).
func (p *parser) exam() error {
	its, err := p.items(2, nil)
	if err != nil {
		return err
	}
	form, err := p.find(2, its, "考试形式", "1、考试形式：考试由理论考试和实操考试两部分构成，均采用闭卷机考方式，理论考试时间为60分钟，实操考试时间为150分钟；")
	if err != nil {
		return err
	}
	scope, err := p.find(2, its, "考试范围", "2、考试范围：参考公开发布的证书标准…")
	if err != nil {
		return err
	}
	pass, err := p.find(2, its, "通过条件", "3、通过条件：理论考试和实操考试满分均为100分，同时达到 60 分（含）以上为合格…")
	if err != nil {
		return err
	}
	e := &p.n.Meta.Exam
	e.Form, e.Scope, e.PassRule = form.text, scope.text, pass.text
	p.n.Lines["notice.exam.form"], p.n.Lines["notice.exam.scope"], p.n.Lines["notice.exam.pass_rule"] = form.line, scope.line, pass.line
	mode := modePattern.FindStringSubmatch(form.text)
	if mode == nil {
		return p.fail(form.line, 0, "the exam form names no mode; expected 均采用<mode>方式, like 均采用闭卷机考方式")
	}
	e.Mode = mode[1]
	full := fullPattern.FindStringSubmatch(pass.text)
	mark := passPattern.FindStringSubmatch(pass.text)
	if full == nil || mark == nil {
		return p.fail(pass.line, 0, "the pass rule gives no marks; expected 满分均为<N>分 and 达到 <N> 分（含）以上, like 满分均为100分，同时达到 60 分（含）以上为合格")
	}
	fullMarks, _ := strconv.Atoi(full[1])
	passMark, _ := strconv.Atoi(mark[1])
	durations := durationPattern.FindAllStringSubmatch(form.text, -1)
	if len(durations) == 0 {
		return p.fail(form.line, 0, "the exam form gives no subject's length; expected <subject>时间为<N>分钟, like 理论考试时间为60分钟")
	}
	for _, d := range durations {
		name := strings.TrimSpace(d[1])
		id, ok := subjectIDs[name]
		if !ok {
			return p.fail(form.line, 0, "the exam form names the subject %q, which the importer does not know; a subject needs an id of ours (a part of calendar UIDs): add it to subjectIDs in generator/internal/noticetext (known: %s)", name, knownNames(subjectIDs))
		}
		minutes, err := strconv.Atoi(d[2])
		if err != nil {
			return p.fail(form.line, 0, "%s lasts %q minutes; expected a whole number", name, d[2])
		}
		e.Subjects = append(e.Subjects, data.Subject{Keys: data.Keys{At: data.Pos{Line: form.line}}, ID: id, Name: name, Minutes: minutes, FullMarks: fullMarks, PassMark: passMark})
	}
	return nil
}

// subject is the subject of section 二 named name.
func (p *parser) subject(name string) (data.Subject, bool) {
	for _, s := range p.n.Meta.Exam.Subjects {
		if s.Name == name {
			return s, true
		}
	}
	return data.Subject{}, false
}
