package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestCheckJoinURL(t *testing.T) {
	tests := []struct {
		name, url string
		want      string // part of the message; "" when the link is acceptable
	}{
		{"short link", "https://qm.qq.com/q/Ab3dE5fG7h", ""},
		{"admin tool link", "https://qm.qq.com/cgi-bin/qm/qr?k=Zx9Yw8Vu7Ts6Rq5&jump_from=webapi&authKey=QUJD", ""},
		{"upper-case scheme", "HTTPS://qm.qq.com/q/Ab3dE5fG7h", ""},
		{"plain http", "http://qm.qq.com/q/Ab3dE5fG7h", "is not https"},
		{"no scheme", "qm.qq.com/q/Ab3dE5fG7h", "is not https"},
		{"protocol-relative", "//qm.qq.com/q/Ab3dE5fG7h", "is not https"},
		{"other host", "https://example.com/q/Ab3dE5fG7h", `on host "example.com"`},
		{"look-alike host", "https://qm.qq.com.example.com/q/Ab3dE5fG7h", `on host "qm.qq.com.example.com"`},
		{"sub-domain", "https://www.qm.qq.com/q/Ab3dE5fG7h", "not QQ's join host"},
		{"host with port", "https://qm.qq.com:8443/q/Ab3dE5fG7h", "not QQ's join host"},
		{"user name before the host", "https://qm.qq.com@example.com/q/Ab3dE5fG7h", `on host "example.com"`},
		{"user name", "https://someone@qm.qq.com/q/Ab3dE5fG7h", "carries a user name"},
		{"no path", "https://qm.qq.com", "has no group path"},
		{"root path", "https://qm.qq.com/", "has no group path"},
		{"space inside", "https://qm.qq.com/q/Ab3d E5fG7h", "white space"},
		{"trailing space", "https://qm.qq.com/q/Ab3dE5fG7h ", "white space"},
		{"tab", "https://qm.qq.com/q/\tAb3dE5fG7h", "white space"},
		{"newline", "https://qm.qq.com/q/Ab3dE5fG7h\n", "white space"},
		{"full-width space", "https://qm.qq.com/q/Ab3dE5fG7h\u3000", "white space"},
		{"no-break space", "https://qm.qq.com/q/\u00a0Ab3dE5fG7h", "white space"},
		{"zero-width space", "https://qm.qq.com/q/\u200bAb3dE5fG7h", "U+200B"},
		{"full-width letters", "https://qm.qq.com/q/Ａb3dE5fG7h", "printable ASCII"},
		{"too long", "https://qm.qq.com/q/" + strings.Repeat("a", 300), "longer than 300"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkJoinURL(tt.url)
			switch {
			case tt.want == "" && got != "":
				t.Errorf("checkJoinURL(%q) = %q; want it accepted", tt.url, got)
			case tt.want != "" && !strings.Contains(got, tt.want):
				t.Errorf("checkJoinURL(%q) = %q; want a message containing %q", tt.url, got, tt.want)
			}
		})
	}
}

// copyDataWithJoinURL copies the project's data to a temporary directory with a join_url
// added to the one-line group entry of round, and returns the directory and that line.
func copyDataWithJoinURL(t *testing.T, round, link string) (string, int) {
	t.Helper()
	const src = "../../../data"
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	line := 0
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "groups.yaml" {
			lines := strings.Split(string(b), "\n")
			for i, l := range lines {
				if strings.Contains(l, "{round: "+round+",") && strings.HasSuffix(l, "}") {
					// strconv.Quote's escapes (\t, \n, \u00a0 ...) are valid in YAML double quotes.
					lines[i] = strings.TrimSuffix(l, "}") + ", join_url: " + strconv.Quote(link) + "}"
					line = i + 1
				}
			}
			b = []byte(strings.Join(lines, "\n"))
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if line == 0 {
		t.Fatalf("groups.yaml has no one-line entry for round %s", round)
	}
	return dir, line
}

// TestJoinURLProblemLine puts bad join links into a copy of the real data: the checker must
// reject each with groups.yaml and the line of that group, and accept a good one.
func TestJoinURLProblemLine(t *testing.T) {
	tests := []struct {
		name, url string
		want      string // part of the message; "" when the data must pass
	}{
		{"official link", "https://qm.qq.com/q/Ab3dE5fG7h", ""},
		{"other host", "https://qm.example.com/q/Ab3dE5fG7h", "not QQ's join host"},
		{"plain http", "http://qm.qq.com/q/Ab3dE5fG7h", "is not https"},
		{"space", "https://qm.qq.com/q/Ab3d E5fG7h", "white space"},
		{"full-width space", "https://qm.qq.com/q/Ab3dE5fG7h\u3000", "white space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, line := copyDataWithJoinURL(t, "2024h2-4", tt.url)
			n, err := Load(dir)
			if err != nil {
				t.Fatalf("the copy must load; the rule is Check's:\n%v", err)
			}
			err = Check(n)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Check rejected an official link:\n%v", err)
				}
				if got := n.Groups.Groups[1].JoinURL; got != tt.url {
					t.Errorf("join_url decoded as %q, want %q", got, tt.url)
				}
				return
			}
			var probs Problems
			if !errors.As(err, &probs) || len(probs) != 1 {
				t.Fatalf("want exactly one problem, got:\n%v", err)
			}
			msg := probs.Error()
			if at := fmt.Sprintf("groups.yaml:%d:", line); !strings.Contains(msg, at) {
				t.Errorf("problem %q does not point at %s", msg, at)
			}
			for _, part := range []string{tt.want, "expected the group's official join link, https://qm.qq.com/"} {
				if !strings.Contains(msg, part) {
					t.Errorf("problem %q does not say %q", msg, part)
				}
			}
		})
	}
}
