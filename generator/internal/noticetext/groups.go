package noticetext

import (
	"regexp"
	"strings"

	"examnotice/generator/internal/data"
)

var (
	groupNamePattern   = regexp.MustCompile(`^群名称\s*[:：]\s*(.+)$`)
	groupNumberPattern = regexp.MustCompile(`^群号\s*[:：]\s*(\d+)$`)
)

// groups reads section 五: its first paragraph (the intro), then for each round a 群名称 line
// and the 群号 line under it. A group is the round's whose name its name holds
// (2024年9月第三次统考群 → 第三次统考). The groups' QR pictures are not in the text.
func (p *parser) groups() error {
	from, to := p.body(5)
	g := &p.n.Groups
	var open *data.Group
	for i := from; i < to; i++ {
		t := strings.TrimSpace(p.lines[i])
		switch m, n := groupNamePattern.FindStringSubmatch(t), groupNumberPattern.FindStringSubmatch(t); {
		case t == "":
		case m != nil:
			if open != nil {
				return p.fail(open.Keys.At.Line, 0, "the group %s has no 群号 line; expected 群号:<number> under its 群名称 line", open.Name)
			}
			round, err := p.roundOf(m[1], i+1)
			if err != nil {
				return err
			}
			g.Groups = append(g.Groups, data.Group{Keys: data.Keys{At: data.Pos{Line: i + 1}}, Round: round, Name: strings.TrimSpace(m[1])})
			open = &g.Groups[len(g.Groups)-1]
		case n != nil:
			if open == nil {
				return p.fail(i+1, 0, "a 群号 line without its 群名称 line above it; expected 群名称:<name> then 群号:<number>")
			}
			open.Number = data.Digits(n[1])
			open = nil
		case g.Intro == "" && len(g.Groups) == 0:
			g.Intro = t
			p.n.Lines["groups.intro"] = i + 1
		default:
			return p.fail(i+1, 0, "%q is not a line of section %s; expected 群名称:<name> and 群号:<number> lines", t, sectionNames[5])
		}
	}
	if open != nil {
		return p.fail(open.Keys.At.Line, 0, "the group %s has no 群号 line; expected 群号:<number> under its 群名称 line", open.Name)
	}
	if g.Intro == "" {
		return p.fail(p.sections[5]+1, 0, "section %s has no introduction; expected a paragraph before the groups, like 请计划参加下半年考试的试点院校 QQ 扫码加入考试工作群…", sectionNames[5])
	}
	if len(g.Groups) == 0 {
		return p.fail(p.sections[5]+1, 0, "section %s lists no group; expected 群名称:<name> and 群号:<number> lines, one group per round", sectionNames[5])
	}
	return nil
}

// roundOf is the id of the one round whose name the group's name holds.
func (p *parser) roundOf(name string, line int) (string, error) {
	var found []data.Round
	for _, r := range p.n.Rounds {
		if strings.Contains(name, r.Name) {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		var names []string
		for _, r := range p.n.Rounds {
			names = append(names, r.Name)
		}
		return "", p.fail(line, 0, "the group name %q names %d rounds of the schedule; expected it to name one of %s, like 2024年9月第三次统考群", name, len(found), strings.Join(names, "、"))
	}
	return found[0].ID, nil
}
