package publicurl

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/testkit"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name, list, want string
	}{
		{"paths, comments and blank lines", "# comment\n\n/\nrounds/2024h2-3/\n", ""},
		{"listed twice", "/\nschedule/\nschedule/\n", "list:3: schedule/ is listed twice (first on line 2); remove this line"},
		{"an absolute URL", "https://example.com/rounds/\n", `list:1: "https://example.com/rounds/" is not a path of the site; expected a path relative to the base URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "list")
			if err := os.WriteFile(path, []byte(tt.list), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Read(path)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want one containing %q", err, tt.want)
			}
		})
	}
}

// site writes a small built site into a new temporary directory: the home page, one round
// page with its subscribe section, and all.ics.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{
		"index.html":                 "<p>home</p>",
		"rounds/2024h2-3/index.html": `<h2 id="subscribe">订阅</h2>`,
		"calendars/all.ics":          "BEGIN:VCALENDAR",
	} {
		write(t, filepath.Join(dir, filepath.FromSlash(name)), text)
	}
	return dir
}

// write creates the file path holding text.
func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Check names every promised URL the site would stop serving: a missing file, a page
// without the listed place. A URL the data makes (urls) that the site does not serve is
// the generator's fault, not the data's, and said so; the list's own URLs are reported
// first. A missing list promises nothing, but the data's URLs are still checked.
func TestCheck(t *testing.T) {
	site := site(t)
	const bug = "this is a bug of the generator or the theme, not of the data"
	tests := []struct {
		name, list string // list "-": no list at all
		urls       []string
		want       []string // empty: passes
		not        []string // what the error must not say
	}{
		{name: "all served", list: "/\nrounds/2024h2-3/\nrounds/2024h2-3/#subscribe\ncalendars/all.ics\n"},
		{name: "a page gone", list: "/\nrounds/2024h2-7/\n", want: []string{"list:2: the new site no longer serves /rounds/2024h2-7/ (no file rounds/2024h2-7/index.html)", "status: cancelled"}},
		{name: "a place gone", list: "rounds/2024h2-3/#group", want: []string{`list:1: the new site no longer serves /rounds/2024h2-3/#group (rounds/2024h2-3/index.html has no element with id "group")`}},
		{name: "a feed gone", list: "calendars/2024h2-7.ics\n", want: []string{"list:1: the new site no longer serves /calendars/2024h2-7.ics"}},
		{name: "the data's URLs served", list: "/\n", urls: []string{"/", "rounds/2024h2-3/", "/rounds/2024h2-3/#subscribe", "calendars/all.ics"}},
		{name: "the data's URLs served, no list", list: "-", urls: []string{"/", "rounds/2024h2-3/#subscribe"}},
		{name: "no list, no URLs", list: "-"},
		{name: "a URL of the data not served", list: "/\n", urls: []string{"/", "calendars/notices/2024h2.ics", "rounds/2024h2-3/#fee-payment"},
			want: []string{
				"the new site does not serve URLs that it should make permanent: /calendars/notices/2024h2.ics (no file calendars/notices/2024h2.ics), /rounds/2024h2-3/#fee-payment (rounds/2024h2-3/index.html has no element with id \"fee-payment\"); " + bug,
			},
			not: []string{"list:", "status: cancelled"}},
		{name: "a URL of the data not served, no list", list: "-", urls: []string{"notices/"},
			want: []string{"/notices/ (no file notices/index.html); " + bug}},
		{name: "the list's URLs first", list: "/\nrounds/2024h2-7/\n", urls: []string{"notices/"},
			want: []string{"list:2: the new site no longer serves /rounds/2024h2-7/"},
			not:  []string{bug, "notices/"}},
	}
	// Each case twice: looking each file up in the site, and in its files as a walk found them.
	walked := map[string]bool{}
	for name := range testkit.Files(t, site) {
		walked[name] = true
	}
	for _, files := range []map[string]bool{nil, walked} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/walked=%v", tt.name, files != nil), func(t *testing.T) {
				checkCase(t, site, files, tt.list, tt.urls, tt.want, tt.not)
			})
		}
	}
}

// checkCase runs Check on the site with files (see Check) and the list (listText "-": none),
// and fails the test unless it passes when want is empty, else fails saying each of want and
// none of not.
func checkCase(t *testing.T, site string, files map[string]bool, listText string, urls, want, not []string) {
	t.Helper()
	list := filepath.Join(t.TempDir(), "list")
	if listText != "-" {
		write(t, list, listText)
	}
	err := Check(site, files, list, urls)
	if len(want) == 0 {
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %v\nwant it to contain %q", err, w)
		}
	}
	for _, w := range not {
		if strings.Contains(err.Error(), w) {
			t.Errorf("error %v\nwant it not to contain %q", err, w)
		}
	}
}

// Missing is what the list does not hold yet, in the order of urls, each once, as given: a
// path matches its listed form with or without the leading slash, and "" or "/" is the home
// page. Without a list everything is missing; a list that does not read is an error.
func TestMissing(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "list")
	write(t, list, "# promised\n/\nschedule/\nrounds/2025h1-1/\n")
	tests := []struct {
		name, list string
		urls, want []string
	}{
		{"nothing new", list, []string{"/", "", "schedule/", "/schedule/", "/rounds/2025h1-1/"}, nil},
		{"new ones, in order, once each", list,
			[]string{"calendars/notices/2025h2.ics", "/", "/notices/2025h2/", "notices/2025h2/", "schedule/", "calendars/notices/2025h2.ics"},
			[]string{"calendars/notices/2025h2.ics", "/notices/2025h2/"}},
		{"no list", filepath.Join(dir, "absent"), []string{"/", "schedule/", "", "/schedule/"}, []string{"/", "schedule/"}},
		{"no URLs", list, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Missing(tt.list, tt.urls)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Missing = %q, want %q", got, tt.want)
			}
		})
	}
	bad := filepath.Join(dir, "bad")
	write(t, bad, "/\n/\n")
	if _, err := Missing(bad, []string{"schedule/"}); err == nil || !strings.Contains(err.Error(), "bad:2: / is listed twice") {
		t.Errorf("Missing on a list that does not read: %v", err)
	}
}

// Record appends what the list does not hold, as the list writes it (no leading slash, "/"
// for the home page), after the old lines kept byte for byte; it creates a missing list
// with its header, and leaves a list that holds everything untouched: not even written
// again (its time stays), and no list is made when there is nothing to record.
// record writes the list Next makes, as a build does once the site is published.
func record(list string, urls []string) (added int, err error) {
	next, added, err := Next(list, urls)
	if err == nil {
		err = datafile.Write(next.Path, next.Text)
	}
	return added, err
}

func TestRecord(t *testing.T) {
	const old = "# our list\n/\n\nschedule/   \n# a comment\nrounds/2025h1-1/\n"
	tests := []struct {
		name, before string // before "-": no list
		urls         []string
		added        int
		after        string
	}{
		{"appends what is missing", old, []string{"/", "/notices/2025h2/", "schedule/", "calendars/notices/2025h2.ics", "notices/2025h2/"},
			2, old + "notices/2025h2/\ncalendars/notices/2025h2.ics\n"},
		{"ends the last line first", "/\nschedule/", []string{"fees/"}, 1, "/\nschedule/\nfees/\n"},
		{"creates the list", "-", []string{"", "schedule/", "/rounds/2025h2-3/"}, 3, header + "/\nschedule/\nrounds/2025h2-3/\n"},
		{"nothing missing", old, []string{"", "/schedule/", "rounds/2025h1-1/"}, 0, old},
		{"nothing to record, no list", "-", nil, 0, header},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			list := filepath.Join(dir, File)
			stamp := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
			if tt.before != "-" {
				write(t, list, tt.before)
				if err := os.Chtimes(list, stamp, stamp); err != nil {
					t.Fatal(err)
				}
			}
			added, err := record(list, tt.urls)
			if err != nil {
				t.Fatal(err)
			}
			if added != tt.added {
				t.Errorf("added %d, want %d", added, tt.added)
			}
			got, err := os.ReadFile(list)
			switch {
			case err != nil:
				t.Fatal(err)
			case string(got) != tt.after:
				t.Errorf("the list is\n%q\nwant\n%q", got, tt.after)
			}
			if tt.added == 0 && tt.before != "-" {
				if info, err := os.Stat(list); err != nil || !info.ModTime().Equal(stamp) {
					t.Errorf("a list that holds every URL was written again (%v)", err)
				}
			}
			if left := testkit.Tree(t, dir); len(left) > 1 {
				t.Errorf("files left beside the list: %v", slices.Sorted(maps.Keys(left)))
			}
			if tt.after == "-" {
				return
			}
			// What was recorded reads back, and nothing of urls is missing any more.
			if _, err := Read(list); err != nil {
				t.Errorf("the recorded list does not read: %v", err)
			}
			if missing, err := Missing(list, tt.urls); err != nil || len(missing) > 0 {
				t.Errorf("after Record, Missing = %v, %v; want nothing", missing, err)
			}
		})
	}
	// A list that does not read is not written.
	list := filepath.Join(t.TempDir(), File)
	write(t, list, "/\n/\n")
	if _, err := record(list, []string{"fees/"}); err == nil || !strings.Contains(err.Error(), "is listed twice") {
		t.Errorf("Record on a list that does not read: %v", err)
	}
	if b, err := os.ReadFile(list); err != nil || string(b) != "/\n/\n" {
		t.Errorf("Record changed a list that does not read: %q, %v", b, err)
	}
}

// The test projects' lists hold what a build of them serves; their own test is in package
// build. The two notices' list holds every URL of the one notice's, and more.
func TestFixtureListReads(t *testing.T) {
	paths := map[string][]string{}
	for _, fixture := range []string{testkit.Notice, testkit.Two} {
		urls, err := Read(filepath.Join(testkit.Fixture(fixture), "data", File))
		if err != nil {
			t.Fatal(err)
		}
		if len(urls) < 10 {
			t.Errorf("%s: %d URLs; a test project lists its pages, feeds and single events", fixture, len(urls))
		}
		for _, u := range urls {
			paths[fixture] = append(paths[fixture], u.Path)
		}
	}
	missing, err := Missing(filepath.Join(testkit.Fixture(testkit.Two), "data", File), paths[testkit.Notice])
	if err != nil || len(missing) > 0 || len(paths[testkit.Two]) <= len(paths[testkit.Notice]) {
		t.Errorf("the two notices' list lacks %v of the one notice's (%v), or holds no more", missing, err)
	}
}

// idsOf finds exactly the ids that a page's text holds as ` id="X"`, which is what a listed
// #fragment must find.
func TestIdsOf(t *testing.T) {
	page := []byte(`<h2 id="subscribe">订阅</h2><p data-id="data">x</p><a id="group-2024h2-3" href="#">` +
		`<b id="">empty</b>id="bare"<i class="x" id="last"` + ` id="unterminated`)
	ids := idsOf(page)
	for _, fragment := range []string{"subscribe", "data", "group-2024h2-3", "", "bare", "last", "unterminated", "group", "2024h2-3"} {
		if want := bytes.Contains(page, []byte(` id="`+fragment+`"`)); ids[fragment] != want {
			t.Errorf("idsOf has %q: %v; the page holds ` id=%q`: %v", fragment, ids[fragment], fragment, want)
		}
	}
}
