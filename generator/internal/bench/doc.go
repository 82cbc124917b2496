// Package bench holds the project's benchmarks: the whole build of the real site against Hugo
// rendering the same pages alone, builds of synthetic projects in child processes (wall time
// and peak RSS), the latency of the live preview, and the cost of each stage of the generator.
// It has no code of its own; everything is in its _test.go files, and nothing in them asserts
// a time: the targets are measured and reported (`met` or `MISSED`), not tested.
//
//   - SiteOverHugo: the real site's build against Hugo rendering the same pages alone, in
//     pairs, each in a fresh process after a warm-up; `ratio` for a rebuild without a change,
//     `daily-ratio` for the daily rebuild (each build on another day than the one before it).
//   - Scale and Notices: builds of synthetic projects (generator/internal/synthetic) of one
//     notice of 10, 100 and 1,000 rounds, and of 10 and 100 notices of 10 rounds each, each
//     beside Hugo alone on the same project (`over-hugo`).
//   - LivePreview: an edit of data/ until `exam-notice serve` serves the new page and sends the
//     browser its reload message.
//   - FirstSite: a new user's first site, from the linux/amd64 release archive (make dist)
//     to a built site with no Go on PATH: unpack, init, import of the .docx, build.
//   - LoadCheck, Timeline, Calendar, QR: each stage on the real project and on synthetic ones
//     (no target); Build: the whole build in process, for profiling.
//
// The importer's benchmarks are in generator/internal/importer: BenchmarkImport, and
// BenchmarkImportOversized, the refusal of a 115,000-row document.
//
// # Targets
//
//   - the real site's build ≤ 1.25× Hugo rendering the same pages alone: a guard against
//     regression, not a chase;
//   - 100 notices × 10 rounds within 5 s and 500 MB;
//   - growth no worse than linear: 10 → 100 notices, 100 → 1,000 rounds of one notice (time
//     and peak-RSS ratio ≤ 10);
//   - one notice of 1,000 rounds within 5 s and 500 MB;
//   - the live preview under 1 s;
//   - from the release archive to a first built site within 3 s;
//   - importing a notice under 100 ms; refusing the 115,000-row document within 1 s.
//
// # Running them
//
//	make bench
//
// prints the machine's cores and load average, then runs the benchmarks above (the builds and
// the preview with -benchtime 9x) and the importer's, and reports the build against Hugo
// (`ratio`), the daily rebuild (`daily-ratio`), 10 and 100 notices, 100 and 1,000 rounds, the
// preview and the import, each with `met` or `MISSED`. `go test ./...` runs no benchmark.
//
// How each is measured, the latest figures, and the history of what was slow and what changed
// are in docs/performance.md.
package bench
