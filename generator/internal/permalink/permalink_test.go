package permalink

import "testing"

// The names are a published contract: this table pins them. A failure here means a change
// that would break subscriptions, bookmarks or printed QR codes; revert it.
func TestNames(t *testing.T) {
	tests := []struct{ got, want string }{
		{Round("2024h2-3"), "rounds/2024h2-3/"},
		{RoundSubscribe("2024h2-3"), "rounds/2024h2-3/#subscribe"},
		{Milestone("2024h2-3", "fee-payment"), "rounds/2024h2-3/#fee-payment"},
		{Feed("2024h2-3"), "calendars/2024h2-3.ics"},
		{Event("2024h2-3", "exam-1-theory"), "calendars/2024h2-3/exam-1-theory.ics"},
		{UID("2024h2-3", "exam-1-theory"), "2024h2-3.exam-1-theory@examnotice"},
		{Group("2024h2-3"), "groups/#group-2024h2-3"},
		{GroupQR("2024h2-3"), "qr/group-2024h2-3"},
		{RoundQR("2024h2-3"), "qr/round-2024h2-3"},
		{AllFeed, "calendars/all.ics"},
		{SiteQR, "qr/site"},
		{JSON, "notice.json"},
		// Several notices: each has its own pages, feed, data and text beside the current one's.
		{Notices, "notices/"},
		{Notice("2024h2"), "notices/2024h2/"},
		{NoticePage("2024h2", Schedule), "notices/2024h2/schedule/"},
		{NoticePage("2024h2", Source), "notices/2024h2/source/"},
		{NoticeFeed("2024h2"), "calendars/notices/2024h2.ics"},
		{NoticeJSON("2024h2"), "notices/2024h2/notice.json"},
		{SourceText("notice-2024h2.txt"), "source/notice-2024h2.txt"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q; the published name is %q", tt.got, tt.want)
		}
	}
}

func TestFile(t *testing.T) {
	tests := []struct{ path, file, fragment string }{
		{"", "index.html", ""},
		{"/", "index.html", ""},
		{"rounds/2024h2-3/", "rounds/2024h2-3/index.html", ""},
		{"/rounds/2024h2-3/#subscribe", "rounds/2024h2-3/index.html", "subscribe"},
		{"groups/#group-2024h2-3", "groups/index.html", "group-2024h2-3"},
		{"calendars/all.ics", "calendars/all.ics", ""},
		{"notice.json", "notice.json", ""},
		{"notices/2024h2/", "notices/2024h2/index.html", ""},
		{"notices/2024h2/notice.json", "notices/2024h2/notice.json", ""},
		{"calendars/notices/2024h2.ics", "calendars/notices/2024h2.ics", ""},
	}
	for _, tt := range tests {
		if file, fragment := File(tt.path); file != tt.file || fragment != tt.fragment {
			t.Errorf("File(%q) = %q, %q; want %q, %q", tt.path, file, fragment, tt.file, tt.fragment)
		}
	}
}

// SplitUID gives back the ids UID was made of.
func TestSplitUID(t *testing.T) {
	for _, ids := range [][2]string{{"2024h2-3", "registration"}, {"2025h1-1", "exam-1-theory"}, {"r", "m.x"}} {
		if round, milestone := SplitUID(UID(ids[0], ids[1])); round != ids[0] || milestone != ids[1] {
			t.Errorf("SplitUID(UID(%q, %q)) = %q, %q", ids[0], ids[1], round, milestone)
		}
	}
}
