//go:build withdeploy

package deploy

import (
	"context"
	"errors"
	"io"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// URLs, as Hugo's deploy opens them
	_ "gocloud.dev/blob/s3blob"   // s3:// URLs
	"gocloud.dev/gcerrors"
)

// compiled: this generator has Hugo's deploy (build tag withdeploy).
const compiled = true

// bucketKeys lists every object of the bucket at url, with its MD5 when the store says it.
func bucketKeys(ctx context.Context, url string) (map[string][]byte, error) {
	b, err := blob.OpenBucket(ctx, url)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	keys := map[string][]byte{}
	it := b.List(nil)
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			return keys, nil
		}
		if err != nil {
			return nil, err
		}
		if !obj.IsDir {
			keys[obj.Key] = obj.MD5
		}
	}
}

// deleteKeys deletes the objects keys of the bucket at url, one after the other; an object
// already gone is no error.
func deleteKeys(ctx context.Context, url string, keys []string, deleted func(string)) error {
	b, err := blob.OpenBucket(ctx, url)
	if err != nil {
		return err
	}
	defer b.Close()
	for _, k := range keys {
		if err := b.Delete(ctx, k); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return err
		}
		deleted(k)
	}
	return nil
}
