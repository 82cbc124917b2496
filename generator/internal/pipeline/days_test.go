package pipeline_test

import (
	"path"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// The pages say without JavaScript, as on the day of the build (SOURCE_DATE_EPOCH, in
// Asia/Shanghai), how many days are left before each deadline, which round is next and when
// a notice is over. The pages are read as a browser without JavaScript reads them: parsed,
// with what the hidden attribute hides left out. The dates are the two-notice fixture's:
// 2025h2-3's registration closes 2025-09-04 and its fee 2025-09-09; 2025h2-4's 2025-10-30
// and 2025-11-04; 2025h2's last exam day is 2025-11-14, 2025h1's 2025-06-13.

// cardState is what a round card of a page says without JavaScript: the round, whether it is
// marked next with its badge shown, and the days left of its registration and fee deadlines.
type cardState struct {
	round         string
	next          bool
	registration  string
	fee           string
	deadlineClass string // the classes of the two, "open closed"
}

// cards reads the round cards of the page url (ol#rounds), in their order on the page, and
// whether its "all past" note is shown.
func cards(t *testing.T, out, url string) (states []cardState, allPast bool) {
	t.Helper()
	doc := servedDoc(t, out, url)
	for _, li := range domAll(domOne(t, doc, "ol#rounds"), "li.card") {
		href, _ := domAttr(domAll(domOne(t, li, "h2"), "a")[0], "href") // the round's page
		c := cardState{round: path.Base(href)}
		badge := domOne(t, li, "span.badge")
		c.next = domMatch(li, "li.card.next") && domShown(badge)
		if domMatch(li, "li.card.next") != domShown(badge) {
			t.Errorf("%s: the card of %s is marked next %v but its badge shown %v", url, c.round, domMatch(li, "li.card.next"), domShown(badge))
		}
		left := domAll(li, ".days-left")
		if len(left) != 2 {
			t.Fatalf("%s: the card of %s has %d .days-left; want registration and fee", url, c.round, len(left))
		}
		c.registration, c.fee = visibleText(left[0]), visibleText(left[1])
		var classes []string
		for _, l := range left {
			for _, state := range []string{"open", "closed"} {
				if domMatch(l, ".days-left."+state) {
					classes = append(classes, state)
				}
			}
		}
		c.deadlineClass = strings.Join(classes, " ")
		states = append(states, c)
	}
	note := domOne(t, doc, "p#all-past")
	return states, domShown(note) && strings.Contains(domText(note), "本通知的各次统考均已结束")
}

// visibleText is the text of n when it is shown, else "".
func visibleText(n *html.Node) string {
	if !domShown(n) {
		return ""
	}
	return domText(n)
}

func TestDaysWithoutJavaScript(t *testing.T) {
	for _, c := range []struct {
		name, at string
		home     []cardState // the current notice's cards on /, in order
		over     bool        // / says the current notice is over
	}{
		{"between 2025h2-3's deadlines", "2025-09-06T12:00:00+08:00", []cardState{
			{"2025h2-3", true, "（已截止）", "（还有 3 天）", "closed open"},
			{"2025h2-4", false, "（还有 54 天）", "（还有 59 天）", "open open"},
		}, false},
		// 16:30 UTC on 09-08 is 00:30 on 09-09 in China: the fee is due that day.
		{"the day of 2025h2-3's fee deadline, in China", "2025-09-08T16:30:00Z", []cardState{
			{"2025h2-3", true, "（已截止）", "（今天截止）", "closed open"},
			{"2025h2-4", false, "（还有 51 天）", "（还有 56 天）", "open open"},
		}, false},
		// After 2025h2-3's last exam day 2025h2-4 is next, and leads.
		{"after 2025h2-3", "2025-09-20T08:00:00+08:00", []cardState{
			{"2025h2-4", true, "（还有 40 天）", "（还有 45 天）", "open open"},
			{"2025h2-3", false, "（已截止）", "（已截止）", "closed closed"},
		}, false},
		{"the last exam day of 2025h2", "2025-11-14T23:59:59+08:00", []cardState{
			{"2025h2-4", true, "（已截止）", "（已截止）", "closed closed"},
			{"2025h2-3", false, "（已截止）", "（已截止）", "closed closed"},
		}, false},
		{"the day after 2025h2's last exam", "2025-11-15T00:00:00+08:00", []cardState{
			{"2025h2-3", false, "（已截止）", "（已截止）", "closed closed"},
			{"2025h2-4", false, "（已截止）", "（已截止）", "closed closed"},
		}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			buildkit.Today(t, c.at)
			out, _, _ := buildkit.Build(t, testkit.Project(t, testkit.Two))
			home, over := cards(t, out, permalink.Home)
			if len(home) != len(c.home) {
				t.Fatalf("/ has the cards %+v; want %+v", home, c.home)
			}
			for i := range home {
				if home[i] != c.home[i] {
					t.Errorf("/ card %d: %+v; want %+v", i, home[i], c.home[i])
				}
			}
			if over != c.over {
				t.Errorf("/ shows 本通知的各次统考均已结束: %v; want %v", over, c.over)
			}
			// The notice's overview says the same as the home page.
			own, ownOver := cards(t, out, permalink.Notice("2025h2"))
			for i := range own {
				if i >= len(home) || own[i] != home[i] {
					t.Errorf("/%s card %d: %+v; the home page says %+v", permalink.Notice("2025h2"), i, own[i], home)
				}
			}
			if ownOver != over {
				t.Errorf("/%s says over %v, / says %v", permalink.Notice("2025h2"), ownOver, over)
			}
			// 2025h1 has been over since 2025-06-13: no round next, every deadline closed.
			earlier, earlierOver := cards(t, out, permalink.Notice("2025h1"))
			if !earlierOver {
				t.Errorf("/%s does not show that it is over", permalink.Notice("2025h1"))
			}
			for _, card := range earlier {
				if card.next || card.deadlineClass != "closed closed" || card.registration != "（已截止）" || card.fee != "（已截止）" {
					t.Errorf("/%s: %+v; want no round next and every deadline closed", permalink.Notice("2025h1"), card)
				}
			}
			// The round page of 2025h2-3 and the fees page say the same of its deadlines.
			want := c.home[0]
			if want.round != "2025h2-3" {
				want = c.home[1]
			}
			round := servedDoc(t, out, permalink.Round("2025h2-3"))
			for id, days := range map[string]string{"registration": want.registration, "fee-payment": want.fee} {
				if got := visibleText(domOne(t, domOne(t, round, "li#"+id), ".days-left")); got != days {
					t.Errorf("/%s#%s says %q; want %q", permalink.Round("2025h2-3"), id, got, days)
				}
			}
			fees := domAll(domOne(t, servedDoc(t, out, permalink.Fees), "main"), ".days-left")
			if len(fees) != 2 || visibleText(fees[0]) != want.fee {
				t.Errorf("/%s does not say %q for 2025h2-3's fee first", permalink.Fees, want.fee)
			}
		})
	}
}

// A daily rebuild changes pages only: two builds on different days differ in HTML pages and
// nothing else (feeds, JSON, QR images and texts never depend on the day), and two on the
// same day are byte-identical.
func TestOtherDayOnlyPagesDiffer(t *testing.T) {
	root := testkit.Project(t, testkit.Two)
	build := func(at string) map[string]string {
		buildkit.Today(t, at)
		out, _, _ := buildkit.Build(t, root)
		return testkit.Tree(t, out)
	}
	first := build("2025-09-06T12:00:00+08:00")
	if written, deleted := testkit.Diff(first, build("2025-09-06T23:59:00+08:00")); len(written)+len(deleted) > 0 {
		t.Errorf("two builds on 2025-09-06 differ in %v and %v", written, deleted)
	}
	diff, deleted := testkit.Diff(first, build("2025-11-15T00:00:00+08:00"))
	diff = append(diff, deleted...)
	if len(diff) == 0 {
		t.Fatal("the builds of 2025-09-06 and 2025-11-15 are the same; the pages do not say the day's state")
	}
	for _, name := range diff {
		if _, both := first[name]; !both || !strings.HasSuffix(name, ".html") {
			t.Errorf("%s differs between the builds of two days; only pages may", name)
		}
	}
	for _, name := range []string{"index.html", "rounds/2025h2-3/index.html", "fees/index.html"} {
		if !strings.Contains(strings.Join(diff, " "), name) {
			t.Errorf("%s is the same on 2025-09-06 and 2025-11-15", name)
		}
	}
	t.Logf("%d of %d files differ", len(diff), len(first))
}
