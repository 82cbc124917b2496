//go:build withdeploy

package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/s3blob" // s3:// URLs, as Hugo's deploy opens them

	"examnotice/generator/internal/pipeline"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
	"examnotice/generator/internal/testkit/storekit"
)

// childEnv makes the test binary a deploy of the directories it names (TestMain): the
// deploy that TestDeploy kills midway.
const childEnv = "EXAMSITE_TEST_DEPLOY"

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		root, rest, _ := strings.Cut(spec, "\n")
		site, to, _ := strings.Cut(rest, "\n")
		p, err := project.Open(root)
		if err == nil {
			err = Run(p, Options{Site: site, To: to, MaxDeletes: DefaultMaxDeletes, Log: os.Stdout})
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestDeploy deploys a built site to a real S3-compatible server on 127.0.0.1 (versitygw,
// which `make test` installs), reads every object back, and follows the site through a
// second deploy, a moved session, a changed stylesheet (a stale fingerprinted file), a failed
// upload, a deploy killed midway and a localhost build. Which objects a deploy wrote is seen on the
// server's disk (a rewritten object is a new file), not taken from Hugo's report.
func TestDeploy(t *testing.T) {
	gw := testkit.Tool(t, "bin/versitygw")
	buildkit.Today(t, "2025-04-01T12:00:00+08:00")
	root := testkit.Project(t, testkit.Notice)
	// One upload at a time, so that the deploy killed below stops midway.
	testkit.Edit(t, root, "hugo.toml", "[deployment]\n", "[deployment]\n  workers = 1\n")
	site := filepath.Join(root, "public")
	rebuild := func(t *testing.T) (changed []string) {
		t.Helper()
		before := testkit.Tree(t, site)
		if _, log, err := buildkit.Run(root, pipeline.Options{Out: site}); err != nil {
			t.Fatalf("build: %v\n%s", err, log)
		}
		after := testkit.Tree(t, site)
		for key, sum := range after {
			if before[key] != sum {
				changed = append(changed, key)
			}
		}
		slices.Sort(changed)
		return changed
	}
	rebuild(t)
	store, url := storekit.Start(t, gw)
	bucket, err := blob.OpenBucket(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer bucket.Close()
	deploy := func(t *testing.T, maxDeletes int) {
		t.Helper()
		var log bytes.Buffer
		if err := Run(open(t, root), Options{Site: site, To: url, MaxDeletes: maxDeletes, Log: &log}); err != nil {
			t.Fatalf("deploy: %v\n%s", err, log.String())
		}
	}

	t.Run("first deploy", func(t *testing.T) {
		deploy(t, DefaultMaxDeletes)
		checkBucket(t, bucket, site)
	})
	t.Run("second deploy uploads nothing", func(t *testing.T) {
		// To the same bucket as a target of hugo.toml, by name, as `make deploy` goes to one.
		testkit.Edit(t, root, "hugo.toml", "  [[deployment.targets]]\n", fmt.Sprintf(`  [[deployment.targets]]
    name = "test"
    URL = %q
    baseURL = "https://exam-notice.example.com/"
  [[deployment.targets]]
`, url))
		before := objects(t, store)
		var log bytes.Buffer
		if err := Run(open(t, root), Options{Site: site, To: "test", MaxDeletes: DefaultMaxDeletes, Log: &log}); err != nil {
			t.Fatalf("deploy: %v\n%s", err, log.String())
		}
		if !strings.Contains(log.String(), `to target "test" (s3://site?`) {
			t.Errorf("not deployed to the target by its name:\n%s", log.String())
		}
		if written, deleted := testkit.Diff(before, objects(t, store)); len(written)+len(deleted) > 0 {
			t.Errorf("wrote %v, deleted %v; want nothing", written, deleted)
		}
	})
	t.Run("a moved session uploads what changed", func(t *testing.T) {
		testkit.Edit(t, root, "data/notices/2025h1/rounds.yaml",
			"2025-06-13\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"08:30\", end: \"09:30\"",
			"2025-06-13\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"08:00\", end: \"09:00\"")
		changed := rebuild(t)
		if len(changed) == 0 {
			t.Fatal("moving a session changed no file of the site")
		}
		before := objects(t, store)
		if err := Run(open(t, root), Options{Site: site, To: url, DryRun: true, MaxDeletes: DefaultMaxDeletes, Log: io.Discard}); err != nil {
			t.Fatalf("dry run: %v", err)
		}
		if written, deleted := testkit.Diff(before, objects(t, store)); len(written)+len(deleted) > 0 {
			t.Errorf("the dry run wrote %v, deleted %v", written, deleted)
		}
		var log bytes.Buffer
		if err := Run(open(t, root), Options{Site: site, To: url, MaxDeletes: DefaultMaxDeletes, Log: &log}); err != nil {
			t.Fatalf("deploy: %v\n%s", err, log.String())
		}
		var listed []string // the files the deploy said it uploads, under its steps
		for _, l := range strings.Split(log.String(), "\n") {
			if f, ok := strings.CutPrefix(l, "  "); ok {
				listed = append(listed, f)
			}
		}
		slices.Sort(listed)
		if !slices.Equal(listed, changed) {
			t.Errorf("the deploy said it uploads %v; the files that changed are %v", listed, changed)
		}
		written, deleted := testkit.Diff(before, objects(t, store))
		t.Logf("moved a session: %d of %d files of the site changed (%s); the deploy wrote %d objects, deleted %d",
			len(changed), len(testkit.Tree(t, site)), strings.Join(changed, " "), len(written), len(deleted))
		if !slices.Equal(written, changed) || len(deleted) > 0 {
			t.Errorf("the deploy wrote %v and deleted %v; want exactly the files that changed: %v", written, deleted, changed)
		}
		checkBucket(t, bucket, site)
	})
	t.Run("a stale file is deleted, within the limit", func(t *testing.T) {
		// A changed stylesheet: a new fingerprinted name, the old one gone from the site.
		css := filepath.Join(root, "themes", "notice", "assets", "css", "screen.css")
		appendFile(t, css, "\n.deploy-test { color: #123456; }\n")
		changed := rebuild(t)
		stale := staleKeys(t, bucket, site)
		if len(stale) != 1 || !strings.HasPrefix(stale[0], "css/") {
			t.Fatalf("the bucket holds %v that the site lost; want the old stylesheet", stale)
		}
		before := objects(t, store)
		deploy(t, 0) // one deletion over a limit of none: uploaded, not deleted
		written, deleted := testkit.Diff(before, objects(t, store))
		if !slices.Equal(written, changed) || len(deleted) > 0 {
			t.Errorf("-max-deletes 0: wrote %v, deleted %v; want the %d changed files and no deletion", written, deleted, len(changed))
		}
		deploy(t, DefaultMaxDeletes)
		if left := staleKeys(t, bucket, site); len(left) > 0 {
			t.Errorf("still in the bucket: %v", left)
		}
		checkBucket(t, bucket, site)
	})
	t.Run("a failed upload deletes nothing", func(t *testing.T) {
		// notice.json cannot be written: on the server's disk a directory holds its place,
		// that of an object the site does not have, which a deploy would delete.
		ctx := context.Background()
		if err := bucket.Delete(ctx, "notice.json"); err != nil {
			t.Fatal(err)
		}
		if err := bucket.WriteAll(ctx, "notice.json/stale.txt", []byte("stale\n"), nil); err != nil {
			t.Fatal(err)
		}
		err := Run(open(t, root), Options{Site: site, To: url, MaxDeletes: DefaultMaxDeletes, Log: io.Discard})
		if err == nil || !strings.Contains(err.Error(), "nothing was deleted and the published pages still work: run the deploy again") {
			t.Errorf("got %v, want the failed upload and that nothing was deleted", err)
		}
		if stale := staleKeys(t, bucket, site); !slices.Equal(stale, []string{"notice.json/stale.txt"}) {
			t.Errorf("the bucket's stale objects are %v; want notice.json/stale.txt, kept", stale)
		}
		if err := os.RemoveAll(filepath.Join(store, "notice.json")); err != nil {
			t.Fatal(err)
		}
		deploy(t, DefaultMaxDeletes)
		checkBucket(t, bucket, site)
	})
	t.Run("a deploy killed midway converges when run again", func(t *testing.T) {
		appendFile(t, filepath.Join(root, "themes", "notice", "assets", "css", "screen.css"), "\n.deploy-test-2 { color: #654321; }\n")
		changed := rebuild(t)
		before := objects(t, store)
		child := exec.Command(os.Args[0], "-test.run=^$")
		child.Env = append(os.Environ(), childEnv+"="+root+"\n"+site+"\n"+url)
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		// Killed as soon as it has written its first object.
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			if written, _ := testkit.Diff(before, objects(t, store)); len(written) > 0 {
				break
			}
		}
		child.Process.Kill()
		child.Wait()
		written, deleted := testkit.Diff(before, objects(t, store))
		t.Logf("killed after writing %d of the %d changed files and deleting %d", len(written), len(changed), len(deleted))
		if len(written) == len(changed) && len(deleted) > 0 {
			t.Log("the kill came after the uploads; the run below still has to converge")
		}
		deploy(t, DefaultMaxDeletes)
		checkBucket(t, bucket, site)
	})
	t.Run("a localhost build is refused", func(t *testing.T) {
		local := filepath.Join(t.TempDir(), "public")
		if _, log, err := buildkit.Run(root, pipeline.Options{Out: local, BaseURL: "http://localhost:1313/"}); err != nil {
			t.Fatalf("build: %v\n%s", err, log)
		}
		before := objects(t, store)
		err := Run(open(t, root), Options{Site: local, To: url, MaxDeletes: DefaultMaxDeletes, Log: io.Discard})
		if err == nil || !strings.Contains(err.Error(), "a local address") {
			t.Errorf("got %v, want the refusal of a local build", err)
		}
		if written, deleted := testkit.Diff(before, objects(t, store)); len(written)+len(deleted) > 0 {
			t.Errorf("the refused deploy wrote %v, deleted %v", written, deleted)
		}
		checkBucket(t, bucket, site)
	})
}

// checkBucket reads every object of the bucket back: its keys are the files of the site, each
// with the site's bytes (the feeds' CRLF too, nothing stored gzipped) and the headers of its
// kind (wantHeaders).
func checkBucket(t *testing.T, bucket *blob.Bucket, site string) {
	t.Helper()
	ctx := context.Background()
	files := testkit.Files(t, site)
	keys := listKeys(t, bucket)
	if want := slices.Sorted(maps.Keys(files)); !slices.Equal(keys, want) {
		t.Errorf("the bucket holds %d keys, the site %d files:\nonly in the bucket: %v\nonly in the site: %v", len(keys), len(want), minus(keys, want), minus(want, keys))
	}
	for _, key := range keys {
		want, ok := files[key]
		if !ok {
			continue
		}
		attrs, err := bucket.Attributes(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		got, err := bucket.ReadAll(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s: the object is not the file's bytes (%d bytes, the file %d)", key, len(got), len(want))
		}
		wantType, wantCache := wantHeaders(t, key)
		if attrs.ContentType != wantType || attrs.CacheControl != wantCache || attrs.ContentEncoding != "" {
			t.Errorf("%s: Content-Type %q, Cache-Control %q, Content-Encoding %q; want %q, %q, none", key, attrs.ContentType, attrs.CacheControl, attrs.ContentEncoding, wantType, wantCache)
		}
	}
}

func listKeys(t *testing.T, bucket *blob.Bucket) []string {
	t.Helper()
	var keys []string
	it := bucket.List(nil)
	for {
		obj, err := it.Next(context.Background())
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, obj.Key)
	}
	slices.Sort(keys)
	return keys
}

// staleKeys are the keys of the bucket that the site has no file for.
func staleKeys(t *testing.T, bucket *blob.Bucket, site string) []string {
	t.Helper()
	return minus(listKeys(t, bucket), slices.Sorted(maps.Keys(testkit.Files(t, site))))
}

// minus is what of a (sorted) b lacks.
func minus(a, b []string) []string {
	var out []string
	for _, k := range a {
		if _, found := slices.BinarySearch(b, k); !found {
			out = append(out, k)
		}
	}
	return out
}

// objects maps each object of the bucket directory store (versitygw's posix backend: a file
// per object) to its file's identity: a written object is a new file.
func objects(t *testing.T, store string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(store, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != store && strings.HasPrefix(d.Name(), ".") { // the server's temporary files
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(store, path)
		files[filepath.ToSlash(rel)] = fmt.Sprintf("%d %d", info.ModTime().UnixNano(), info.Size())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
