package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"examnotice/generator/internal/testkit"
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

// fixtureWithJoinURL copies the test notice's data (generator/testdata/notice/data) to a
// temporary directory with a join_url added to the one-line group entry of 第一次统考
// (2025h1-1, which has none) in notices/2025h1/groups.yaml, and returns the directory and
// that entry's line.
func fixtureWithJoinURL(t *testing.T, link string) (string, int) {
	t.Helper()
	const entry = `number: "123456789"}` // the end of 2025h1-1's group entry
	dir := t.TempDir()
	testkit.Copy(t, dir, testkit.FixtureData(testkit.Notice))
	// strconv.Quote's escapes (\t, \n, \u00a0 ...) are valid in YAML double quotes.
	testkit.Edit(t, dir, groupsFile, entry, strings.TrimSuffix(entry, "}")+", join_url: "+strconv.Quote(link)+"}")
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(groupsFile)))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, "{round: 2025h1-1,") && strings.Contains(l, "join_url: ") {
			return dir, i + 1
		}
	}
	t.Fatal(groupsFile + " has no one-line entry for round 2025h1-1 with the join_url")
	return "", 0
}

// groupsFile is the test notice's groups.yaml, relative to its data directory.
const groupsFile = "notices/2025h1/groups.yaml"

// TestJoinURLProblemLine puts join links into a copy of the test notice's data: the checker
// must reject each bad one with its groups.yaml and the line of that group, and accept a good one.
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
			dir, line := fixtureWithJoinURL(t, tt.url)
			lib, err := Load(dir)
			if err != nil {
				t.Fatalf("the copy must load; the rule is Check's:\n%v", err)
			}
			_, err = lib.Check()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Check rejected an official link:\n%v", err)
				}
				if got := lib.Notices[0].Groups.Groups[0].JoinURL; got != tt.url {
					t.Errorf("join_url decoded as %q, want %q", got, tt.url)
				}
				return
			}
			var probs Problems
			if !errors.As(err, &probs) || len(probs) != 1 {
				t.Fatalf("want exactly one problem, got:\n%v", err)
			}
			msg := probs.Error()
			if at := fmt.Sprintf("%s:%d:", filepath.Join(dir, filepath.FromSlash(groupsFile)), line); !strings.HasPrefix(msg, at) {
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
