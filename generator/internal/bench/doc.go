// Package bench holds the project's benchmarks (`make bench`, README "Benchmarks"): the cost of
// each stage of the generator, the whole build against Hugo alone, builds of synthetic notices
// of 10, 100 and 1,000 rounds in child processes (wall time and peak RSS), and the latency of
// the live preview. It has no code of its own; everything is in its _test.go files, and
// nothing in them asserts a time: the targets are reported, not tested.
package bench
