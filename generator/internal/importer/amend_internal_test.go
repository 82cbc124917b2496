package importer

import "testing"

func TestTextLines(t *testing.T) {
	old := "a\nb\nc\nd\ne"
	new := "a\nB\nc\nx\ny\nd\ne"
	m := textLines(old, new)
	for from, want := range map[int]int{1: 1, 2: 2, 3: 3, 4: 6, 5: 7, 6: 0} {
		if got := m(from); got != want {
			t.Errorf("line %d → %d, want %d", from, got, want)
		}
	}
	gone := textLines("a\nb\nc", "a\nc")
	if gone(2) != 0 || gone(3) != 2 {
		t.Errorf("a line removed: 2 → %d, 3 → %d", gone(2), gone(3))
	}
}

func TestRemapProvenance(t *testing.T) {
	list := "# comment data/notices/x/rounds.yaml:3\n17:30 data/notices/2025h1/rounds.yaml:17 ours\n17:00 data/notices/2025h1/notice-2025h1.txt:15 theirs\n09:00 data/notices/2025h1/fees.yaml:4 gone\n"
	got := string(remapProvenance([]byte(list), "2025h1", map[string]func(int) int{
		"rounds.yaml":       func(n int) int { return n + 2 },
		"notice-2025h1.txt": func(n int) int { return n + 4 },
		"fees.yaml":         func(int) int { return 0 },
	}))
	want := "# comment data/notices/x/rounds.yaml:3\n17:30 data/notices/2025h1/rounds.yaml:19 ours\n17:00 data/notices/2025h1/notice-2025h1.txt:19 theirs\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
