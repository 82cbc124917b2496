package yamlpatch

import (
	"errors"
	"strings"
	"testing"
)

func TestMerge(t *testing.T) {
	opt := Options{
		ItemKey:   func(path string) string { return map[string]string{"rounds": "number"}[path] },
		Removable: func(path string) bool { return strings.HasPrefix(path, "payers") },
		Fixed:     []string{"updated"},
	}
	tests := []struct {
		name               string
		mine, base, theirs string
		want               string
		edits              []string // kind path old new
		err                string
	}{
		{
			name:   "a changed scalar keeps comments and quoting",
			mine:   "# head\na: \"14:00\"  # note\nb: x\n",
			base:   "a: \"14:00\"\nb: x\n",
			theirs: "a: \"14:30\"\nb: x\n",
			want:   "# head\na: \"14:30\"  # note\nb: x\n",
			edits:  []string{"0 a 14:00 14:30"},
		},
		{
			name:   "a value base and theirs agree on stays ours",
			mine:   "weekday: 周五  # the notice says 周四\nend: \"15:00\"\n",
			base:   "weekday: 周四\nend: \"15:00\"\n",
			theirs: "weekday: 周四\nend: \"15:30\"\n",
			want:   "weekday: 周五  # the notice says 周四\nend: \"15:30\"\n",
			edits:  []string{"0 end 15:00 15:30"},
		},
		{
			name:   "a key of a flow mapping, the others and ours untouched",
			mine:   "s:\n  - {subject: theory, start: \"14:00\", end: \"15:00\", levels: [初级, 中级], status: cancelled}\n",
			base:   "s:\n  - {subject: theory, start: \"14:00\", end: \"15:00\", levels: [初级, 中级]}\n",
			theirs: "s:\n  - {subject: theory, start: \"14:00\", end: \"15:00\", levels: [初级, 中级, 高级]}\n",
			want:   "s:\n  - {subject: theory, start: \"14:00\", end: \"15:00\", levels: [初级, 中级, 高级], status: cancelled}\n",
			edits:  []string{"0 s[0].levels 初级、中级 初级、中级、高级"},
		},
		{
			name:   "a plain scalar with CJK before it in a flow mapping",
			mine:   "levels:\n  - {level: 高级, yuan: 320}\n",
			base:   "levels:\n  - {level: 高级, yuan: 320}\n",
			theirs: "levels:\n  - {level: 高级, yuan: 330}\n",
			want:   "levels:\n  - {level: 高级, yuan: 330}\n",
			edits:  []string{"0 levels[0].yuan 320 330"},
		},
		{
			name:   "an item added after the last, with its blank line, reindented",
			mine:   "rounds:\n- number: 3\n  name: 第三次  # ours\n\n- number: 4\n  name: 第四次\nnext: 1\n",
			base:   "rounds:\n  - number: 3\n    name: 第三次\n\n  - number: 4\n    name: 第四次\nnext: 1\n",
			theirs: "rounds:\n  - number: 3\n    name: 第三次\n\n  - number: 4\n    name: 第四次\n\n  - number: 5\n    name: 第五次  # t.txt:9\nnext: 1\n",
			want:   "rounds:\n- number: 3\n  name: 第三次  # ours\n\n- number: 4\n  name: 第四次\n\n- number: 5\n  name: 第五次  # t.txt:9\nnext: 1\n",
			edits:  []string{"1 rounds[number=5]  {number: 5, name: 第五次}"},
		},
		{
			name:   "items matched by their key, not their place",
			mine:   "rounds:\n  - {number: 3, name: a}\n  - {number: 4, name: b}\n",
			base:   "rounds:\n  - {number: 4, name: b}\n",
			theirs: "rounds:\n  - {number: 4, name: c}\n",
			want:   "rounds:\n  - {number: 3, name: a}\n  - {number: 4, name: c}\n",
			edits:  []string{"0 rounds[number=4].name b c"},
		},
		{
			name:   "an item gone is refused",
			mine:   "rounds:\n  - {number: 3}\n  - {number: 4}\n",
			base:   "rounds:\n  - {number: 3}\n  - {number: 4}\n",
			theirs: "rounds:\n  - {number: 3}\n",
			err:    "line 3: rounds[number=4] is not in the new version",
		},
		{
			name:   "a removable item gone is removed",
			mine:   "payers:\n  - {a: 1}\n  - {a: 2}\nz: 1\n",
			base:   "payers:\n  - {a: 1}\n  - {a: 2}\nz: 1\n",
			theirs: "payers:\n  - {a: 1}\nz: 1\n",
			want:   "payers:\n  - {a: 1}\nz: 1\n",
			edits:  []string{"2 payers[1] {a: 2} "},
		},
		{
			name:   "a key added to a block mapping",
			mine:   "steps:\n  - id: a\n    offset_days: 1  # x\n",
			base:   "steps:\n  - id: a\n    offset_days: 1\n",
			theirs: "steps:\n  - id: a\n    offset_days: 1\n    span_days: 5  # t.txt:3\n",
			want:   "steps:\n  - id: a\n    offset_days: 1  # x\n    span_days: 5  # t.txt:3\n",
			edits:  []string{"1 steps[0].span_days  5"},
		},
		{
			name:   "a folded scalar stays folded",
			mine:   "preamble: >-\n  旧的前言\nnext: 1\n",
			base:   "preamble: 旧的前言\nnext: 1\n",
			theirs: "preamble: 新的前言\nnext: 1\n",
			want:   "preamble: >-\n  新的前言\nnext: 1\n",
			edits:  []string{"0 preamble 旧的前言 新的前言"},
		},
		{
			name:   "a fixed key never changes",
			mine:   "updated: 2026-11-28\n",
			base:   "updated: 2026-12-01\n",
			theirs: "updated: 2026-12-07\n",
			want:   "updated: 2026-11-28\n",
		},
		{
			name:   "a plain value that must be quoted is quoted",
			mine:   "a: x\n",
			base:   "a: x\n",
			theirs: "a: \"yes: no\"\n",
			want:   "a: \"yes: no\"\n",
			edits:  []string{"0 a x yes: no"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Merge([]byte(tt.mine), []byte(tt.base), []byte(tt.theirs), opt)
			if tt.err != "" {
				var re *RemovedError
				if err == nil || !errors.As(err, &re) || err.Error() != tt.err {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(r.Text) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", r.Text, tt.want)
			}
			var edits []string
			for _, e := range r.Edits {
				edits = append(edits, strings.Join([]string{string(rune('0' + e.Kind)), e.Path, e.Old, e.New}, " "))
			}
			if strings.Join(edits, "\n") != strings.Join(tt.edits, "\n") {
				t.Errorf("edits\n%s\nwant\n%s", strings.Join(edits, "\n"), strings.Join(tt.edits, "\n"))
			}
		})
	}
}

func TestLineMap(t *testing.T) {
	mine := "a:\n  - {x: 1}\n  - {x: 2}\nb: 1\nc: 2\n"
	base := mine
	theirs := "a:\n  - {x: 1}\nb: 1\nc: 3\n"
	r, err := Merge([]byte(mine), []byte(base), []byte(theirs), Options{Removable: func(string) bool { return true }})
	if err != nil {
		t.Fatal(err)
	}
	for old, want := range map[int]int{1: 1, 2: 2, 3: 0, 4: 3, 5: 4} {
		if got := r.Line(old); got != want {
			t.Errorf("line %d → %d, want %d", old, got, want)
		}
	}
}

func TestSet(t *testing.T) {
	src := "rounds:\n  - id: r-3\n    number: 3\n    days: []\n  - id: r-4\n    number: 4  # c\n    status: confirmed\n"
	got, err := Set([]byte(src), []string{"rounds", "id=r-3"}, "status", "cancelled", "number")
	if err != nil {
		t.Fatal(err)
	}
	want := "rounds:\n  - id: r-3\n    number: 3\n    status: cancelled\n    days: []\n  - id: r-4\n    number: 4  # c\n    status: confirmed\n"
	if string(got) != want {
		t.Errorf("insert: got\n%s", got)
	}
	got, err = Set(got, []string{"rounds", "id=r-4"}, "status", "cancelled", "number")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "    number: 4  # c\n    status: cancelled\n") {
		t.Errorf("replace: got\n%s", got)
	}
	if _, err := Set(got, []string{"rounds", "id=r-9"}, "status", "cancelled", ""); err == nil {
		t.Error("a missing item: no error")
	}
}

func TestSetAndRemoveInFlow(t *testing.T) {
	src := "rounds:\n  - id: r-3\n    days:\n      - sessions:\n          - {subject: theory, start: \"08:30\"}  # c\n          - {subject: practical, start: \"10:00\"}\n"
	got, err := Set([]byte(src), []string{"rounds", "id=r-3", "days", "[0]", "sessions", "subject=practical"}, "status", "cancelled", "")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(src, `start: "10:00"}`, `start: "10:00", status: cancelled}`, 1)
	if string(got) != want {
		t.Fatalf("set: got\n%s", got)
	}
	back, err := Remove(got, []string{"rounds", "id=r-3", "days", "[0]", "sessions", "subject=practical"}, "status")
	if err != nil {
		t.Fatal(err)
	}
	if string(back) != src {
		t.Errorf("remove: got\n%s", back)
	}
	block, err := Set([]byte(src), []string{"rounds", "id=r-3"}, "status", "cancelled", "id")
	if err != nil {
		t.Fatal(err)
	}
	if back, _ := Remove(block, []string{"rounds", "id=r-3"}, "status"); string(back) != src {
		t.Errorf("remove from a block mapping: got\n%s", back)
	}
}
