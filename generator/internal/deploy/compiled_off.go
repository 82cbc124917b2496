//go:build !withdeploy

package deploy

import (
	"context"
	"errors"
)

// compiled: this generator lacks Hugo's deploy (no build tag withdeploy), as `make` and
// `make test` build it.
const compiled = false

var errNotCompiled = errors.New("compiled without Hugo's deploy")

func bucketKeys(context.Context, string) (map[string][]byte, error) { return nil, errNotCompiled }

func deleteKeys(context.Context, string, []string, func(string)) error { return errNotCompiled }
