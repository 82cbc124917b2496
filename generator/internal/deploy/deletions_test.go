package deploy

import (
	"reflect"
	"strings"
	"testing"
)

func TestPlanDeletions(t *testing.T) {
	css := func(c byte) string { return "css/site.min." + strings.Repeat(string(c), 64) + ".css" }
	local := []string{"index.html", css('a'), "calendars/all.ics"}
	remote := []string{"index.html", css('a'), css('b'), "js/site.min." + strings.Repeat("c", 64) + ".js", "calendars/all.ics", "calendars/2024h2-7.ics", "rounds/2024h2-7/index.html", "notes.txt"}
	got := planDeletions(remote, local, map[string]bool{"notes.txt": true})
	want := deletions{
		superseded: []string{css('b')},                                                                                                 // a new fingerprint of it is in the site
		approved:   []string{"notes.txt"},                                                                                              // named
		blocked:    []string{"calendars/2024h2-7.ics", "js/site.min." + strings.Repeat("c", 64) + ".js", "rounds/2024h2-7/index.html"}, // a script the site no longer has at all is no superseded one
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if l := listing("s3://b", got); l != "# s3://b\nnotes.txt\ncalendars/2024h2-7.ics\njs/site.min."+strings.Repeat("c", 64)+".js\nrounds/2024h2-7/index.html\n" {
		t.Errorf("listing:\n%s", l)
	}
}

func TestNewPages(t *testing.T) {
	newPages := func(remote, local []string) string {
		objects := map[string][]byte{}
		for _, k := range remote {
			objects[k] = nil
		}
		return glob(changed(t.TempDir(), local, objects, false)[1])
	}
	got := newPages([]string{"index.html", "a.css"}, []string{"index.html", "a.css", "rounds/x/index.html", "b.css", "Odd/index.html", "y/index.html"})
	if got != "{rounds/x/index.html,y/index.html}" {
		t.Errorf("got %q", got)
	}
	if got := newPages([]string{"index.html"}, []string{"index.html"}); got != "" {
		t.Errorf("no new page: %q", got)
	}
}
