package build

import (
	"math"
	"runtime/debug"
	"testing"
)

// Tune sets a build's garbage collector settings and puts back what was, leaving alone what
// the program or the environment set.
func TestTune(t *testing.T) {
	tests := []struct {
		name            string
		gogc            string // the environment's GOGC
		percent, limit  int64  // the program's settings before Tune
		wantP, wantL    int64  // during
		restoreP, restL int64  // after
	}{
		{"defaults", "", 100, math.MaxInt64, gcPercent, memoryLimit, 100, math.MaxInt64},
		{"the program's own", "", 150, 1 << 30, 150, 1 << 30, 150, 1 << 30},
		{"GOGC set", "100", 100, math.MaxInt64, 100, memoryLimit, 100, math.MaxInt64},
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOGC", tt.gogc)
			debug.SetGCPercent(int(tt.percent))
			debug.SetMemoryLimit(tt.limit)
			restore := Tune()
			if p, l := debug.SetGCPercent(int(tt.percent)), debug.SetMemoryLimit(-1); int64(p) != tt.wantP || l != tt.wantL {
				t.Errorf("during: GOGC %d, limit %d; want %d, %d", p, l, tt.wantP, tt.wantL)
			}
			debug.SetGCPercent(int(tt.wantP)) // as Tune left it
			restore()
			if p, l := debug.SetGCPercent(int(tt.percent)), debug.SetMemoryLimit(-1); int64(p) != tt.restoreP || l != tt.restL {
				t.Errorf("after: GOGC %d, limit %d; want %d, %d", p, l, tt.restoreP, tt.restL)
			}
		})
	}
}
