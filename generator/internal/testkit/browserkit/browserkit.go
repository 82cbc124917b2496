// Package browserkit starts Debian's Chromium for the browser tests (driven with chromedp)
// and runs axe-core in its pages: the site's tests and the desk's share it.
package browserkit

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"examnotice/generator/internal/testkit"
)

// Start starts Chromium (headless, its own profile) until the test ends and returns its
// context; the test is skipped where there is no Chromium (make test installs it).
func Start(t testing.TB) context.Context {
	t.Helper()
	chrome := testkit.Tool(t, "chromium")
	// Chromium may still write to its profile while the test cleans up: remove it ourselves.
	profile, err := os.MkdirTemp("", "chromium-profile-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(profile) })
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(profile),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc(); os.RemoveAll(profile) })
	if err := chromedp.Run(browser); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return browser
}

// Axe runs axe-core on the page open in ctx and returns each WCAG 2.1 A/AA violation: its
// rule, what it asks for and where.
func Axe(t testing.TB, ctx context.Context) []string {
	t.Helper()
	axe, err := os.ReadFile(testkit.Tool(t, "node_modules/axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	var violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	}
	err = chromedp.Run(ctx,
		chromedp.Evaluate(string(axe), nil),
		chromedp.Evaluate(`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations)`,
			&violations, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	var out []string
	for _, v := range violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target...))
		}
		out = append(out, fmt.Sprintf("%s (%s) at %s", v.ID, v.Help, strings.Join(where, ", ")))
	}
	return out
}
