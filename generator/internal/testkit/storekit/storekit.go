// Package storekit runs an S3-compatible server (versitygw) on 127.0.0.1 for the tests of
// the deploy and of the desk's publish.
package storekit

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"examnotice/generator/internal/testkit"
)

// Start runs versitygw (gw, which make test installs) on a free port of 127.0.0.1, serving
// an empty bucket "site" (and one for each name of more, beside it) until the test ends,
// with the credentials in the AWS_* variables the deploy reads. It returns the bucket's
// directory and its gocloud URL.
func Start(t testing.TB, gw string, more ...string) (store, url string) {
	t.Helper()
	dir := t.TempDir()
	store = filepath.Join(dir, "site")
	for _, b := range append([]string{"site"}, more...) {
		if err := os.Mkdir(filepath.Join(dir, b), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID":           "examnotice-test",
		"AWS_SECRET_ACCESS_KEY":       "examnotice-test-secret",
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "no-aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "no-aws-credentials"),
		"AWS_PROFILE":                 "",
	} {
		t.Setenv(k, v)
	}
	port := testkit.FreePort(t)
	log := filepath.Join(t.TempDir(), "versitygw.log")
	logf, err := os.Create(log)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gw, "--port", "127.0.0.1:"+port, "posix", dir)
	cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY=examnotice-test", "ROOT_SECRET_KEY=examnotice-test-secret")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logf.Close()
	})
	testkit.WaitListening(t, "127.0.0.1:"+port, log)
	// The checksum setting of the providers in China (docs/deploying.md), which versitygw takes too.
	return store, "s3://site?endpoint=http://127.0.0.1:" + port + "&region=us-east-1&use_path_style=true&request_checksum_calculation=when_required"
}
