package noticetext

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"examnotice/generator/internal/data"
)

// numerals are the Chinese numerals of 1..10, for section headings and round names.
var numerals = [...]string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// chineseNumber reads a Chinese numeral from 一 to 九十九 (三, 十, 十二, 二十三).
func chineseNumber(s string) (int, bool) {
	digit := func(r string) int {
		for i := 1; i <= 9; i++ {
			if numerals[i] == r {
				return i
			}
		}
		return -1
	}
	rs := strings.Split(s, "")
	switch {
	case len(rs) == 1 && rs[0] == "十":
		return 10, true
	case len(rs) == 1:
		d := digit(rs[0])
		return d, d > 0
	case len(rs) == 2 && rs[0] == "十":
		d := digit(rs[1])
		return 10 + d, d > 0
	case len(rs) == 2 && rs[1] == "十":
		d := digit(rs[0])
		return 10 * d, d > 1
	case len(rs) == 3 && rs[1] == "十":
		a, b := digit(rs[0]), digit(rs[2])
		return 10*a + b, a > 1 && b > 0
	}
	return 0, false
}

// The certificates this package knows, by the name the title gives them: their ids are
// ours (the text has none). A notice naming another certificate stops the import; add it here.
var certificateIDs = map[string]string{
	"直播电商":  "live-commerce",
	"新媒体技术": "new-media",
}

// certificateSuffix ends a certificate's full name: 直播电商职业技能等级证书.
const certificateSuffix = "职业技能等级证书"

// shortTitle is our short title of a notice (the page titles and the calendars' names use it):
// year, half-year and the certificates' short names.
func shortTitle(year int, half string, shorts []string) string {
	return fmt.Sprintf("%d年%s 1+X %s 统考", year, half, strings.Join(shorts, " / "))
}

var titlePattern = regexp.MustCompile(`^关于(\d{4})年(.+?)(上半年|下半年)统考有关工作的通知$`)

// heading reads what comes before section 一: the issuer, the title, the addressees and the
// preamble, each a paragraph of its own.
func (p *parser) heading(updated data.Date) error {
	var paras []int
	for i := 0; i < p.sections[1]; i++ {
		if strings.TrimSpace(p.lines[i]) != "" {
			paras = append(paras, i)
		}
	}
	if len(paras) < 4 {
		at := 1
		if len(paras) > 0 {
			at = paras[len(paras)-1] + 1
		}
		return p.fail(at, 0, "the heading has %d paragraphs before %s; expected the issuer, the title (关于…通知), the addressees (…：) and the preamble", len(paras), sectionNames[1])
	}
	text := func(i int) string { return strings.TrimSpace(p.lines[i]) }
	m := &p.n.Meta
	m.Keys.At = data.Pos{Line: paras[1] + 1}
	m.Issuer = text(paras[0])
	p.n.Lines["notice.issuer"] = paras[0] + 1
	title := text(paras[1])
	t := titlePattern.FindStringSubmatch(title)
	if t == nil {
		return p.fail(paras[1]+1, 0, "the title %q does not read as the template's 关于<year>年<certificates><上半年|下半年>统考有关工作的通知", title)
	}
	m.Title = title
	p.n.Lines["notice.title"] = paras[1] + 1
	p.year, _ = strconv.Atoi(t[1])
	p.half = 1
	if t[3] == "下半年" {
		p.half = 2
	}
	m.Year = p.year
	m.ID = fmt.Sprintf("%dh%d", p.year, p.half)
	names := strings.TrimSuffix(strings.TrimSuffix(t[2], certificateSuffix), "证书")
	var shorts []string
	for _, short := range strings.Split(names, "、") {
		short = strings.TrimSpace(short)
		id, ok := certificateIDs[short]
		if !ok {
			return p.fail(paras[1]+1, 0, "the title names the certificate %q, which the importer does not know; a certificate needs an id of ours: add it to certificateIDs in generator/internal/noticetext (known: %s)", short, knownNames(certificateIDs))
		}
		m.Certificates = append(m.Certificates, data.Certificate{Keys: data.Keys{At: data.Pos{Line: paras[1] + 1}}, ID: id, Name: short + certificateSuffix, Short: short})
		shorts = append(shorts, short)
	}
	m.ShortTitle = shortTitle(p.year, t[3], shorts)
	addr := text(paras[2])
	a, ok := strings.CutSuffix(addr, "：")
	if !ok {
		a, ok = strings.CutSuffix(addr, ":")
	}
	if !ok || a == "" {
		return p.fail(paras[2]+1, 0, "expected the addressees ending in ：, like 各试点院校、相关单位：; got %q", addr)
	}
	m.Addressees = a
	p.n.Lines["notice.addressees"] = paras[2] + 1
	var pre []string
	for _, i := range paras[3:] {
		pre = append(pre, text(i))
	}
	m.Preamble = strings.Join(pre, "")
	p.n.Lines["notice.preamble"] = paras[3] + 1
	m.TimeZone = timeZone
	m.Updated = updated
	m.SourceFile = sourceFile(m.ID)
	return nil
}

// sourceFile is the name of a notice's text in its folder: notice-2025h1.txt.
func sourceFile(id string) string { return "notice-" + id + ".txt" }

// knownNames lists the keys of a table of known names, sorted, for messages.
func knownNames(m map[string]string) string {
	return strings.Join(slices.Sorted(maps.Keys(m)), "、")
}
