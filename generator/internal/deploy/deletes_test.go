//go:build withdeploy

package deploy

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gocloud.dev/blob"

	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
	"examnotice/generator/internal/testkit/storekit"
)

// TestDeployDeletes deploys to the S3-compatible server, then puts into the bucket what the
// site does not have: the deploy uploads, then stops naming it and deletes nothing, until a
// run names it (-delete PATH) or a dry run listed it (-delete-all-listed). A page missing
// from public/ stops the deploy too, before it changes anything.
func TestDeployDeletes(t *testing.T) {
	gw := testkit.Tool(t, "bin/versitygw")
	buildkit.Today(t, "2025-04-01T12:00:00+08:00")
	root := testkit.Project(t, testkit.Notice)
	site := siteFor(t, root, "")
	store, url := storekit.Start(t, gw)
	ctx := context.Background()
	bucket, err := blob.OpenBucket(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer bucket.Close()
	run := func(opt Options) (string, error) {
		var log bytes.Buffer
		opt.Site, opt.To, opt.Log = site, url, &log
		if opt.MaxDeletes == 0 {
			opt.MaxDeletes = DefaultMaxDeletes
		}
		err := Run(open(t, root), opt)
		return log.String(), err
	}
	if log, err := run(Options{}); err != nil {
		t.Fatalf("first deploy: %v\n%s", err, log)
	}
	extras := []string{"notes/someone-put-this.txt", "rounds/2025h1-9/index.html"}
	put := func() {
		for _, k := range extras {
			if err := bucket.WriteAll(ctx, k, []byte("not of the site\n"), nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	put()

	t.Run("an object the site lacks stops the deploy", func(t *testing.T) {
		before := objects(t, store)
		log, err := run(Options{})
		if err == nil {
			t.Fatalf("the deploy went through:\n%s", log)
		}
		for _, k := range extras {
			if !strings.Contains(err.Error(), k) {
				t.Errorf("the error does not name %s: %v", k, err)
			}
		}
		for _, w := range []string{"nothing was deleted", "-delete PATH"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("the error does not say %q: %v", w, err)
			}
		}
		if _, deleted := testkit.Diff(before, objects(t, store)); len(deleted) > 0 {
			t.Errorf("deleted %v", deleted)
		}
	})
	t.Run("-delete PATH deletes that one", func(t *testing.T) {
		if _, err := run(Options{Delete: []string{"/" + extras[1], "no/such/object"}}); err == nil || !strings.Contains(err.Error(), "-delete no/such/object") {
			t.Errorf("a -delete of nothing stale: %v", err)
		}
		log, err := run(Options{Delete: []string{"/" + extras[1]}})
		if err == nil || !strings.Contains(err.Error(), extras[0]) || strings.Contains(err.Error(), extras[1]) {
			t.Fatalf("one of two named: %v\n%s", err, log)
		}
		if staleKeys(t, bucket, site)[0] != extras[0] || len(staleKeys(t, bucket, site)) != 2 {
			t.Errorf("deleted while another object was blocked: %v", staleKeys(t, bucket, site))
		}
		log, err = run(Options{Delete: extras})
		if err != nil {
			t.Fatalf("both named: %v\n%s", err, log)
		}
		checkBucket(t, bucket, site)
	})
	t.Run("-delete-all-listed deletes what the dry run listed", func(t *testing.T) {
		put()
		if _, err := run(Options{DeleteAllListed: true}); err == nil || !strings.Contains(err.Error(), "-dry-run first") {
			t.Errorf("-delete-all-listed without a dry run: %v", err)
		}
		before := objects(t, store)
		log, err := run(Options{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range extras {
			if !strings.Contains(log, "not deleting "+k) {
				t.Errorf("the dry run does not list %s:\n%s", k, log)
			}
		}
		if written, deleted := testkit.Diff(before, objects(t, store)); len(written)+len(deleted) > 0 {
			t.Errorf("the dry run wrote %v, deleted %v", written, deleted)
		}
		// An object that appears after the dry run is not deleted by its list.
		late := "notes/after-the-dry-run.txt"
		if err := bucket.WriteAll(ctx, late, []byte("late\n"), nil); err != nil {
			t.Fatal(err)
		}
		if _, err := run(Options{DeleteAllListed: true}); err == nil || !strings.Contains(err.Error(), late) {
			t.Errorf("an object the dry run did not list: %v", err)
		}
		if err := bucket.Delete(ctx, late); err != nil {
			t.Fatal(err)
		}
		if log, err := run(Options{DeleteAllListed: true}); err != nil {
			t.Fatalf("%v\n%s", err, log)
		}
		checkBucket(t, bucket, site)
	})
	t.Run("a page missing from public/ stops the deploy", func(t *testing.T) {
		page := filepath.Join(site, "rounds", "2025h1-2", "index.html")
		saved, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(page); err != nil {
			t.Fatal(err)
		}
		before := objects(t, store)
		_, err = run(Options{})
		if err == nil || !strings.Contains(err.Error(), "rounds/2025h1-2/") {
			t.Errorf("got %v; want the refusal naming the page", err)
		}
		if written, deleted := testkit.Diff(before, objects(t, store)); len(written)+len(deleted) > 0 {
			t.Errorf("wrote %v, deleted %v", written, deleted)
		}
		if err := os.WriteFile(page, saved, 0o644); err != nil {
			t.Fatal(err)
		}
	})
}
