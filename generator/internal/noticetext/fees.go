package noticetext

import (
	"regexp"
	"strconv"
	"strings"

	"examnotice/generator/internal/data"
)

var (
	feePattern     = regexp.MustCompile(`([^、，,；;。\s]+?)\s*(\d+)\s*(元[^、，,；;。\s]*)`)
	paymentPattern = regexp.MustCompile(`^考试费用由(.+?)(按.+?)于(考前\s*(\d+)\s*个工作日内)(统一)?缴纳至(.+?)，其中(.+?)考试费用缴纳至(.+?)。?$`)
	accountLabels  = []string{"账户名称", "账号", "开户行"}
)

// The names of ours in fees.yaml that the text does not write: the milestone of the payment
// deadline, and the candidates the pilot school pays for (the sentence names only the others).
const (
	feeMilestone     = "缴费截止"
	schoolCandidates = "院校考生"
)

func isAccountLine(t string) bool {
	label, _, ok := cutColon(t)
	if !ok {
		return false
	}
	for _, l := range accountLabels {
		if label == l {
			return true
		}
	}
	return false
}

// fees reads section 四: 1、考试费用标准 (a fee per level, which are also the notice's levels),
// 2、 the payment sentence (who pays whom, and 考前 N 个工作日内) and the account's lines.
func (p *parser) fees() error {
	its, err := p.items(4, isAccountLine)
	if err != nil {
		return err
	}
	std, err := p.find(4, its, "考试费用标准", "1、考试费用标准：初级 280 元/人次、中级 290 元/人次、高级 300 元/人次。")
	if err != nil {
		return err
	}
	f := &p.n.Fees
	f.Standard = std.text
	p.n.Lines["fees.standard"] = std.line
	for _, m := range feePattern.FindAllStringSubmatch(std.text, -1) {
		yuan, err := strconv.Atoi(m[2])
		if err != nil {
			return p.fail(std.line, 0, "the fee %q is not a whole number of yuan", m[2])
		}
		if f.Unit == "" {
			f.Unit = m[3]
		} else if f.Unit != m[3] {
			return p.fail(std.line, 0, "the fees are in %s and in %s; expected one unit, like 元/人次", f.Unit, m[3])
		}
		f.Levels = append(f.Levels, data.Fee{Keys: data.Keys{At: data.Pos{Line: std.line}}, Level: m[1], Yuan: yuan})
		p.n.Meta.Levels = append(p.n.Meta.Levels, m[1])
	}
	if len(f.Levels) == 0 {
		return p.fail(std.line, 0, "no fee in the fee standard; expected <level> <N> 元/人次 for each level, like 初级 280 元/人次")
	}
	p.n.Lines["notice.levels"] = std.line
	var pay *item
	for i := range its {
		if its[i].label == "" && strings.HasPrefix(its[i].text, "考试费用由") {
			pay = &its[i]
		}
	}
	if pay == nil {
		return p.fail(p.sections[4]+1, 0, "section %s has no payment rule; expected a paragraph like 2、考试费用由试点院校按报名考生数量于考前 7 个工作日内统一缴纳至培训评价组织，其中社会考生考试费用缴纳至考核站点所在院校。", sectionNames[4])
	}
	sentence := pay.text
	m := paymentPattern.FindStringSubmatch(sentence)
	if m == nil {
		return p.fail(pay.line, 0, "the payment rule does not read as the template's 考试费用由<payer>按<basis>于考前 <N> 个工作日内统一缴纳至<payee>，其中<candidates>考试费用缴纳至<payee>。")
	}
	days, _ := strconv.Atoi(m[4])
	f.Payment = sentence
	p.n.Lines["fees.payment"] = pay.line
	f.Payers = []data.Payer{
		{Candidates: schoolCandidates, Payer: m[1] + "（" + m[2] + m[5] + "缴纳）", Payee: m[6]},
		{Candidates: m[7], Payer: m[7], Payee: m[8]},
	}
	f.Deadline = data.FeeDeadline{Keys: data.Keys{At: data.Pos{Line: pay.line}}, Milestone: feeMilestone, Wording: m[3], Anchor: data.AnchorFirstDay, WorkingDaysBefore: days}
	return p.account()
}

// account reads the lines 账户名称：, 账号： and 开户行： of section 四.
func (p *parser) account() error {
	from, to := p.body(4)
	a := &p.n.Fees.Account
	found := map[string]bool{}
	for i := from; i < to; i++ {
		t := strings.TrimSpace(p.lines[i])
		if !isAccountLine(t) {
			continue
		}
		label, value, _ := cutColon(t)
		if found[label] {
			return p.fail(i+1, 0, "a second %s line; expected one account", label)
		}
		found[label] = true
		switch label {
		case "账户名称":
			a.Name = value
			a.Keys.At = data.Pos{Line: i + 1}
			p.n.Lines["fees.account.name"] = i + 1
		case "账号":
			digits := strings.ReplaceAll(value, " ", "")
			if digits == "" || strings.Trim(digits, "0123456789") != "" {
				return p.fail(i+1, 0, "the account number %q is not digits; expected 账号：<digits>", value)
			}
			a.Number = data.Digits(digits)
			p.n.Lines["fees.account.number"] = i + 1
		case "开户行":
			a.Bank = value
			p.n.Lines["fees.account.bank"] = i + 1
		}
	}
	for _, l := range accountLabels {
		if !found[l] {
			return p.fail(p.sections[4]+1, 0, "section %s has no %s line; expected the account's 账户名称：, 账号： and 开户行： lines", sectionNames[4], l)
		}
	}
	return nil
}
