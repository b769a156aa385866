package photo

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiskStoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := DiskStore{Dir: filepath.Join(t.TempDir(), "photos")} // created on first Put
	tests := []struct {
		name string
		key  string
		body string
	}{
		{"a file at the top level is stored and read back", "a.jpg", "first"},
		{"subfolders are created as needed", "sites/42/updates/7/display.jpg", "second"},
		{"a second Put replaces the first", "a.jpg", "replaced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.Put(ctx, tt.key, strings.NewReader(tt.body), ContentType); err != nil {
				t.Fatal(err)
			}
			if got := readKey(t, s, tt.key); got != tt.body {
				t.Errorf("read %q, want %q", got, tt.body)
			}
		})
	}

	t.Run("a deleted file is gone", func(t *testing.T) {
		if err := s.Delete(ctx, "a.jpg"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Open(ctx, "a.jpg"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Open after Delete: %v, want ErrNotFound", err)
		}
	})
	t.Run("deleting a missing file succeeds, as in S3", func(t *testing.T) {
		if err := s.Delete(ctx, "a.jpg"); err != nil {
			t.Error(err)
		}
	})
	t.Run("a missing file is ErrNotFound", func(t *testing.T) {
		if _, err := s.Open(ctx, "nope/x.jpg"); !errors.Is(err, ErrNotFound) {
			t.Errorf("got %v, want ErrNotFound", err)
		}
	})
	t.Run("a folder is not a file", func(t *testing.T) {
		if _, err := s.Open(ctx, "sites/42"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Open: %v, want ErrNotFound", err)
		}
		if err := s.Delete(ctx, "sites/42"); err != nil {
			t.Errorf("Delete: %v", err)
		}
		if got := readKey(t, s, "sites/42/updates/7/display.jpg"); got != "second" {
			t.Error("deleting a folder key removed its contents")
		}
	})
}

func readKey(t *testing.T, s Store, key string) string {
	t.Helper()
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDiskStoreRefusesKeysThatEscape(t *testing.T) {
	ctx := context.Background()
	parent := t.TempDir()
	s := DiskStore{Dir: filepath.Join(parent, "photos")}
	keys := []struct{ name, key string }{
		{"an empty key", ""},
		{"a parent reference", "../outside.jpg"},
		{"a parent reference in the middle", "sites/../../outside.jpg"},
		{"a lone dot-dot", ".."},
		{"an absolute path", "/etc/passwd"},
		{"a backslash", `sites\..\..\outside.jpg`},
		{"an empty segment", "sites//a.jpg"},
		{"a trailing slash", "sites/"},
		{"a hidden file", "sites/.tmp-x"},
		{"a NUL byte", "a\x00.jpg"},
		{"a Windows drive", "C:/a.jpg"},
		{"a key over 512 bytes", strings.Repeat("a", 513)},
	}
	for _, tt := range keys {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			if err := s.Put(ctx, tt.key, strings.NewReader("x"), ContentType); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Put: %v, want ErrInvalidKey", err)
			}
			if _, err := s.Open(ctx, tt.key); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Open: %v, want ErrInvalidKey", err)
			}
			if err := s.Delete(ctx, tt.key); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Delete: %v, want ErrInvalidKey", err)
			}
		})
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("refused keys left %d entries beside or in the store", len(entries))
	}
}

func TestDiskStoreDoesNotFollowALinkOutOfItsDirectory(t *testing.T) {
	ctx := context.Background()
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Skip("cannot make symbolic links here:", err)
	}
	s := DiskStore{Dir: dir}
	if err := s.Put(ctx, "link/a.jpg", strings.NewReader("x"), ContentType); err == nil {
		t.Error("Put through a link out of the store succeeded")
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("a file was written outside the store: %v", entries)
	}
}

// brokenReader yields some bytes, then fails, like an upload cut off midway.
type brokenReader struct{ sent bool }

var errCutOff = errors.New("connection reset")

func (b *brokenReader) Read(p []byte) (int, error) {
	if b.sent {
		return 0, errCutOff
	}
	b.sent = true
	return copy(p, bytes.Repeat([]byte("partial"), 100)), nil
}

func TestDiskStorePutIsAtomic(t *testing.T) {
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		r       io.Reader
		want    error
		earlier string // what the key held before, "" for nothing
	}{
		{"a reader failing midway leaves no file", ctx, &brokenReader{}, errCutOff, ""},
		{"a reader failing midway keeps the previous file", ctx, &brokenReader{}, errCutOff, "previous"},
		{"a cancelled context leaves no file", cancelled, strings.NewReader("late"), context.Canceled, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DiskStore{Dir: t.TempDir()}
			const key = "sites/1/a.jpg"
			if tt.earlier != "" {
				if err := s.Put(ctx, key, strings.NewReader(tt.earlier), ContentType); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Put(tt.ctx, key, tt.r, ContentType); !errors.Is(err, tt.want) {
				t.Fatalf("Put: %v, want %v", err, tt.want)
			}
			if tt.earlier == "" {
				if _, err := s.Open(ctx, key); !errors.Is(err, ErrNotFound) {
					t.Errorf("Open: %v, want ErrNotFound", err)
				}
			} else if got := readKey(t, s, key); got != tt.earlier {
				t.Errorf("read %q, want the previous %q", got, tt.earlier)
			}
			err := filepath.WalkDir(s.Dir, func(path string, d fs.DirEntry, err error) error {
				if err == nil && strings.HasPrefix(d.Name(), tmpPrefix) {
					t.Errorf("temporary file %s left behind", d.Name())
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDiskStoreWithoutADirectoryFails(t *testing.T) {
	err := DiskStore{}.Put(context.Background(), "a.jpg", strings.NewReader("x"), ContentType)
	if err == nil {
		t.Fatal("Put with no directory succeeded")
	}
}
