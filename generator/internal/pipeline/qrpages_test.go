package pipeline_test

import (
	"strings"
	"testing"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// groupQR is a QQ group of a test project: its round, number, and the label of its code.
type groupQR struct{ round, number, label string }

// The groups page and every round page show each group's QR image, its number and the label
// that says what the code does: 扫码加群 only with an official join link (the group of
// 2025h1-2 has one), else 扫码查看群号. On the two notices' site the groups page keeps the
// earlier notice's groups too (printed codes lead there).
func TestGroupQRShown(t *testing.T) {
	h1 := []groupQR{{"2025h1-1", "123456789", "扫码查看群号"}, {"2025h1-2", "987654321", "扫码加群"}}
	h2 := []groupQR{{"2025h2-3", "222333444", "扫码查看群号"}, {"2025h2-4", "555666777", "扫码查看群号"}}
	for _, c := range []struct {
		fixture string
		images  int // QR image files: per group and per round, and the site's, as PNG and SVG
		groups  []groupQR
	}{
		{testkit.Notice, (2 + 2 + 2) * 2, h1}, // groups, rounds, the site and its changes page
		{testkit.Two, (4 + 4 + 2) * 2, append(h2, h1...)},
	} {
		t.Run(c.fixture, func(t *testing.T) {
			out, sum, _ := buildkit.Build(t, testkit.Project(t, c.fixture))
			if sum.QRImages != c.images {
				t.Errorf("the build reports %d QR images; want %d", sum.QRImages, c.images)
			}
			groupsPage := testkit.Served(t, out, permalink.Groups)
			for _, g := range c.groups {
				for name, page := range map[string]string{"groups page": groupsPage, "round page": testkit.Served(t, out, permalink.Round(g.round))} {
					groupQRShown(t, name, page, g)
				}
			}
			if !strings.Contains(testkit.Served(t, out, permalink.Schedule), `src="/`+permalink.SiteQR+`.png"`) {
				t.Error("the schedule does not carry the site's QR for print")
			}
		})
	}
}

// groupQRShown checks that page (named name) shows the QR image of the group g in a figure,
// labelled as what it does, with its number.
func groupQRShown(t *testing.T, name, page string, g groupQR) {
	t.Helper()
	img := `src="/` + permalink.GroupQR(g.round) + `.png"`
	i := strings.Index(page, img)
	if i < 0 {
		t.Errorf("%s: no QR image of group %s", name, g.round)
		return
	}
	near := page[i:min(len(page), i+1200)]
	if !strings.Contains(near, g.label) || !strings.Contains(near, g.number) {
		t.Errorf("%s: group %s's QR is not labelled %s with number %s", name, g.round, g.label, g.number)
	}
	other := map[string]string{"扫码加群": "扫码查看群号", "扫码查看群号": "扫码加群"}[g.label]
	end := strings.Index(near, "</figure>")
	if end < 0 {
		t.Errorf("%s: group %s's QR is not in a <figure> with its caption", name, g.round)
	} else if strings.Contains(near[:end], other) {
		t.Errorf("%s: group %s's QR says %s", name, g.round, other)
	}
}
