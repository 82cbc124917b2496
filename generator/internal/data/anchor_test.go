package data

import "testing"

// EndOfStep reads back the step of an AnchorEndOf, and nothing of the other anchors.
func TestAnchorEndOf(t *testing.T) {
	if step, ok := EndOfStep(AnchorEndOf("publicity")); !ok || step != "publicity" {
		t.Errorf("EndOfStep(AnchorEndOf(publicity)) = %q, %v", step, ok)
	}
	for _, a := range []string{AnchorFirstDay, AnchorLastDay, AnchorSessions, "", "end-of"} {
		if step, ok := EndOfStep(a); ok {
			t.Errorf("EndOfStep(%q) = %q, true; want not an end-of anchor", a, step)
		}
	}
}
