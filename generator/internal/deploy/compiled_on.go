//go:build withdeploy

package deploy

// compiled: this generator has Hugo's deploy (build tag withdeploy).
const compiled = true
