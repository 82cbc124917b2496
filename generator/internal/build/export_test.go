package build

// The tests are in package build_test, since they build through the test kit
// (testkit/buildkit), which imports this package.

// IsLocal is isLocal, for TestBaseURL.
var IsLocal = isLocal
