package timeline

import (
	"os"
	"path/filepath"
	"testing"

	"examnotice/generator/internal/data"
)

// FuzzDerive: whatever rounds.yaml the checker accepts, the timeline derives without panic or
// error, and every round's milestones are in time order.
func FuzzDerive(f *testing.F) {
	src, err := os.ReadFile("../../../data/rounds.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(src)
	f.Add([]byte("rounds:\n  - {id: 2024h2-3, name: x, number: 3, registration_deadline: 2024-01-02, days: [{date: 2024-01-03, weekday: 周三, sessions: [{subject: theory, start: \"00:00\", end: \"01:00\", levels: [初级]}]}]}\n"))
	dir := f.TempDir()
	entries, _ := os.ReadDir("../../../data")
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join("../../../data", e.Name()))
		os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
	}
	f.Fuzz(func(t *testing.T, rounds []byte) {
		if err := os.WriteFile(filepath.Join(dir, "rounds.yaml"), rounds, 0o644); err != nil {
			t.Fatal(err)
		}
		n, err := data.Load(dir)
		if err != nil || data.Check(n) != nil {
			return
		}
		derived, _, err := Derive(n)
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
