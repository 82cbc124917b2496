package data_test

import (
	"os"
	"strings"
	"testing"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/timeline"
)

// FuzzDerive: whatever rounds.yaml the checker accepts, the timeline derives without panic or
// error, and every round's milestones are in time order.
func FuzzDerive(f *testing.F) {
	lib, err := data.Load("testdata/valid")
	if err != nil {
		f.Fatal(err)
	}
	base, ok := lib.Notice("2024h2")
	if !ok {
		f.Fatal("testdata/valid has no notice 2024h2")
	}
	const path = "testdata/valid/notices/2024h2/rounds.yaml"
	src, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(src)
	f.Add([]byte(strings.Replace(string(src), "2024-12-21", "2024-12-22", 1)))
	f.Add([]byte("rounds:\n  - {id: 2024h2-3, name: x, number: 3, registration_deadline: 2024-01-02, days: [{date: 2024-01-03, weekday: 周三, sessions: [{subject: theory, start: \"00:00\", end: \"01:00\", levels: [初级]}]}]}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		rounds, probs := data.DecodeRounds(path, src)
		if len(probs) > 0 {
			return
		}
		n := *base
		n.Rounds = rounds
		if data.Check(&n) != nil {
			return
		}
		derived, _, err := timeline.Derive(&n)
		if err != nil {
			t.Fatalf("checked data, but no timeline: %v", err)
		}
		for _, r := range derived {
			for i := 1; i < len(r.Milestones); i++ {
				if r.Milestones[i].Start.Before(r.Milestones[i-1].Start) {
					t.Fatalf("%s: milestones out of order", r.ID)
				}
			}
		}
	})
}
