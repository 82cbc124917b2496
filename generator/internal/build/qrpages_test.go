package build_test

import (
	"strings"
	"testing"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// The groups page and every round page show each group's QR image, its number and the label
// that says what the code does: 扫码加群 only with an official join link (the test notice's
// group of 2025h1-2 has one), else 扫码查看群号.
func TestGroupQRShown(t *testing.T) {
	out, sum, _ := buildkit.Build(t, testkit.Project(t, testkit.Notice))
	if sum.QRImages != 10 {
		t.Errorf("the build reports %d QR images; want 10 (5 codes, the site's and 2 per round, as PNG and SVG)", sum.QRImages)
	}
	groupsPage := testkit.Served(t, out, permalink.Groups)
	for _, g := range []struct{ round, number, label string }{
		{"2025h1-1", "123456789", "扫码查看群号"},
		{"2025h1-2", "987654321", "扫码加群"},
	} {
		img := `src="/` + permalink.GroupQR(g.round) + `.png"`
		for name, page := range map[string]string{"groups page": groupsPage, "round page": testkit.Served(t, out, permalink.Round(g.round))} {
			i := strings.Index(page, img)
			if i < 0 {
				t.Errorf("%s: no QR image of group %s", name, g.round)
				continue
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
	}
	if !strings.Contains(testkit.Served(t, out, permalink.Schedule), `src="/`+permalink.SiteQR+`.png"`) {
		t.Error("the schedule does not carry the site's QR for print")
	}
}
