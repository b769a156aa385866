package photo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Errors returned by Store implementations.
var (
	// ErrNotFound means no object is stored under the key.
	ErrNotFound = errors.New("photo: not found")
	// ErrInvalidKey means the key breaks the rules given on Store.
	ErrInvalidKey = errors.New("photo: invalid key")
)

// Store keeps photo files by key. It may be a local directory (DiskStore)
// or, later, an S3-compatible bucket, so it promises no more than S3 does.
//
// A key is a slash-separated relative path, at most 512 bytes, whose
// segments are non-empty, do not start with '.', and use only ASCII
// letters, digits, '.', '_' and '-' — for example "sites/42/3f9ac1.jpg".
// This rules out "..", absolute paths, backslashes and anything else that
// could reach outside the store, and keeps keys valid in every backend.
type Store interface {
	// Put stores everything read from r under key, replacing any object
	// there. Readers see either the old object or the whole new one, never
	// a part: a Put that fails — r returns an error, ctx is cancelled, the
	// disk fills — leaves the previous object (or none) in place.
	// contentType is kept where the backend records one (S3 does; DiskStore
	// relies on the key's extension instead).
	// Errors: ErrInvalidKey; ctx's error; r's error, wrapped; storage errors.
	Put(ctx context.Context, key string, r io.Reader, contentType string) error

	// Open returns the object under key for reading; the caller closes it.
	// Errors: ErrInvalidKey; ErrNotFound, wrapped, if no object is there;
	// ctx's error; storage errors.
	Open(ctx context.Context, key string) (io.ReadCloser, error)

	// Delete removes the object under key. As in S3, deleting a key that
	// holds nothing succeeds, so a retried cleanup does not fail.
	// Errors: ErrInvalidKey; ctx's error; storage errors.
	Delete(ctx context.Context, key string) error
}

// Files writes the files of photos into a Store, for the keeper of their
// rows, once it knows they are wanted. If it fails, it has removed what it
// wrote; otherwise remove takes the files away again, for rows that could
// not be kept. That is safe only for keys of one owner (a site, a project)
// written while the owner is locked: no other row can name them then.
type Files func(ctx context.Context, photos []Photo) (remove func(), err error)

const maxKeyLen = 512

// checkKey enforces the key rules documented on Store.
func checkKey(key string) error {
	if key == "" || len(key) > maxKeyLen {
		return fmt.Errorf("%w: length %d, want 1 to %d bytes", ErrInvalidKey, len(key), maxKeyLen)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || seg[0] == '.' {
			return fmt.Errorf("%w: %q has an empty segment or one starting with '.'", ErrInvalidKey, key)
		}
		for i := range len(seg) {
			c := seg[i]
			ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
				c == '.' || c == '_' || c == '-'
			if !ok {
				return fmt.Errorf("%w: %q contains %q", ErrInvalidKey, key, rune(c))
			}
		}
	}
	return nil
}

// ctxReader stops a copy as soon as ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
