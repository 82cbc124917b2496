package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The groups page and every round page show each group's QR image, its number and the label
// that says what the code does: 扫码加群 only with an official join link, else 扫码查看群号.
func TestGroupQRShown(t *testing.T) {
	root := copyProject(t)
	join := "https://qm.qq.com/q/AbCdEf1234"
	groups := filepath.Join(root, "data", "groups.yaml")
	b, err := os.ReadFile(groups)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte(`number: "912261655"}`), []byte(`number: "912261655", join_url: "`+join+`"}`), 1)
	if err := os.WriteFile(groups, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	sum, _, err := build(t, root, out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.QRImages != 22 {
		t.Errorf("the build reports %d QR images; want 22 (11 codes as PNG and SVG)", sum.QRImages)
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	groupsPage := read("groups/index.html")
	for _, g := range []struct{ round, number, label string }{
		{"2024h2-3", "912433171", "扫码查看群号"},
		{"2024h2-4", "912261655", "扫码加群"},
		{"2024h2-5", "854953387", "扫码查看群号"},
		{"2024h2-6", "584509346", "扫码查看群号"},
		{"2024h2-7", "912136099", "扫码查看群号"},
	} {
		img := `src="/qr/group-` + g.round + `.png"`
		for name, page := range map[string]string{"groups page": groupsPage, "round page": read("rounds/" + g.round + "/index.html")} {
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
			if caption := near[:strings.Index(near, "</figure>")]; strings.Contains(caption, other) {
				t.Errorf("%s: group %s's QR says %s", name, g.round, other)
			}
		}
	}
	if !strings.Contains(read("schedule/index.html"), `src="/qr/site.png"`) {
		t.Error("the schedule does not carry the site's QR for print")
	}
}
