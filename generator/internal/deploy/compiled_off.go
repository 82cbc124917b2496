//go:build !withdeploy

package deploy

// compiled: this generator lacks Hugo's deploy (no build tag withdeploy), as `make` and
// `make test` build it.
const compiled = false
