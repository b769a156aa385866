package photo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// DiskStore is a Store in a local directory; a key maps to the file at that
// relative path. All access goes through os.Root, so even a symbolic link
// planted inside Dir cannot lead a key outside it.
type DiskStore struct {
	// Dir holds the files. Put creates it (and subfolders) when missing.
	Dir string
}

var _ Store = DiskStore{}

// tmpPrefix starts the names of files being written. Keys cannot start a
// segment with '.', so a temporary file never collides with an object.
const tmpPrefix = ".tmp-"

func (s DiskStore) openRoot(create bool) (*os.Root, error) {
	if s.Dir == "" {
		return nil, errors.New("photo: disk store: no directory configured")
	}
	if create {
		if err := os.MkdirAll(s.Dir, 0o750); err != nil {
			return nil, fmt.Errorf("photo: disk store: %w", err)
		}
	}
	root, err := os.OpenRoot(s.Dir)
	if err != nil {
		return nil, fmt.Errorf("photo: disk store: %w", err)
	}
	return root, nil
}

// Put writes r to a temporary file beside the target, syncs it and renames
// it into place, so the key never names a partial file. See Store.Put.
func (s DiskStore) Put(ctx context.Context, key string, r io.Reader, contentType string) (err error) {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	root, err := s.openRoot(true)
	if err != nil {
		return err
	}
	defer root.Close()

	dir := path.Dir(key)
	if dir != "." {
		if err := root.MkdirAll(filepath.FromSlash(dir), 0o750); err != nil {
			return fmt.Errorf("photo: disk store: put %s: %w", key, err)
		}
	}
	tmp := filepath.FromSlash(path.Join(dir, tmpPrefix+rand.Text()))
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return fmt.Errorf("photo: disk store: put %s: %w", key, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			root.Remove(tmp)
		}
	}()

	if _, err = io.Copy(f, ctxReader{ctx, r}); err != nil {
		return fmt.Errorf("photo: disk store: put %s: %w", key, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("photo: disk store: put %s: %w", key, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("photo: disk store: put %s: %w", key, err)
	}
	if err = root.Rename(tmp, filepath.FromSlash(key)); err != nil {
		return fmt.Errorf("photo: disk store: put %s: %w", key, err)
	}
	// Persist the rename itself; not every file system can sync a
	// directory, and the data is already safe, so a failure here is ignored.
	if d, err := root.Open(filepath.FromSlash(dir)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Open opens the file under key. See Store.Open.
func (s DiskStore) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	root, err := s.openRoot(false)
	if err != nil {
		return nil, err
	}
	defer root.Close() // files opened through a Root stay open after it closes

	f, err := root.Open(filepath.FromSlash(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return nil, fmt.Errorf("photo: disk store: open %s: %w", key, err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%w: %s is not a file", ErrNotFound, key)
	}
	return f, nil
}

// Delete removes the file under key; a missing file is not an error. A key
// naming a folder holds no object, so nothing is removed. See Store.Delete.
func (s DiskStore) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	root, err := s.openRoot(false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer root.Close()

	name := filepath.FromSlash(key)
	fi, err := root.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("photo: disk store: delete %s: %w", key, err)
	}
	if fi.IsDir() {
		return nil
	}
	if err := root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("photo: disk store: delete %s: %w", key, err)
	}
	return nil
}
