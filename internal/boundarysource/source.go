package boundarysource

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// GitHubRaw is the host that serves files of a GitHub repository at a commit.
const GitHubRaw = "https://raw.githubusercontent.com"

// File names of the two sources, in srcDir for Build and dir for Fetch.
const (
	HromadyFile  = "hromady.geojson"
	CodifierFile = "kodifikator-16-05-2025.csv"
)

// maxSourceBytes bounds a download; both sources are far smaller.
const maxSourceBytes = 256 << 20

// source is one input file, pinned by repository commit and content hash.
type source struct {
	Name   string // file name on disk
	Repo   string // GitHub owner/name
	Commit string
	Path   string // inside the repository
	SHA256 string // of the file as served (not compressed)
}

// sources are the two inputs of Build. The hashes were taken from the copies
// the shared data were built from; a changed file must not be used silently,
// because the hand-made corrections in match.go refer to source ids.
var sources = []source{
	{
		Name:   HromadyFile,
		Repo:   "slawomirmatuszak/ukrainian_geodata",
		Commit: "811239e43aaefa07e3e23b28770731087d75456c",
		Path:   "hromady.geojson",
		SHA256: "0b4f2f8fd5036df61fcfa8cba9a64392659c188a32d1ae45c77aa82273137ee3",
	},
	{
		Name:   CodifierFile,
		Repo:   "igskak/KATOTTG",
		Commit: "fb57623a943ee5e90d2c4c910b48665879103e87",
		Path:   "kodifikator-16-05-2025.csv",
		SHA256: "bd57a0cd988296d2a6b22906de98de69410d3332307d2c19956d64d626285582",
	},
}

// ErrChecksum is matched by every *ChecksumError.
var ErrChecksum = errors.New("boundarysource: sha256 mismatch")

// ChecksumError says that a source file is not the pinned one.
type ChecksumError struct {
	File string // file name, e.g. "hromady.geojson"
	Got  string // sha256 of what was read, hex
	Want string // pinned sha256, hex
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("boundarysource: %s: sha256 is %s, want %s", e.File, e.Got, e.Want)
}

// Is makes errors.Is(err, ErrChecksum) true.
func (e *ChecksumError) Is(target error) bool { return target == ErrChecksum }

// url returns where s is served below base (the GitHub raw host or a test server).
func (s source) url(base string) string {
	if base == "" {
		base = GitHubRaw
	}
	return strings.TrimRight(base, "/") + "/" + s.Repo + "/" + s.Commit + "/" + s.Path
}

// Fetch downloads the two source files into dir, which it creates if
// needed. A file already there with the pinned sha256 is not downloaded
// again. Each download goes to a temporary file that is renamed into place
// only when its sha256 is right; otherwise Fetch returns a *ChecksumError
// naming the file and both sums. baseURL "" means GitHubRaw; a nil client
// means http.DefaultClient.
func Fetch(ctx context.Context, client *http.Client, baseURL, dir string) error {
	if client == nil {
		client = http.DefaultClient
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("boundarysource: fetch: %w", err)
	}
	for _, s := range sources {
		path := filepath.Join(dir, s.Name)
		if sum, err := fileSHA256(path); err == nil && sum == s.SHA256 {
			continue
		}
		if err := download(ctx, client, s, baseURL, path); err != nil {
			return err
		}
	}
	return nil
}

// download fetches s into path through a temporary file in the same folder.
func download(ctx context.Context, client *http.Client, s source, baseURL, path string) (err error) {
	url := s.url(baseURL)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("boundarysource: fetch %s: %w", s.Name, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("boundarysource: fetch %s: %w", s.Name, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("boundarysource: fetch %s: GET %s: %s", s.Name, url, resp.Status)
	}

	tmp, err := os.CreateTemp(filepath.Dir(path), s.Name+".*.part")
	if err != nil {
		return fmt.Errorf("boundarysource: fetch %s: %w", s.Name, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("boundarysource: fetch %s: %w", s.Name, err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(resp.Body, maxSourceBytes+1))
	if err != nil {
		return fmt.Errorf("boundarysource: fetch %s: %w", s.Name, err)
	}
	if n > maxSourceBytes {
		return fmt.Errorf("boundarysource: fetch %s: larger than %d bytes", s.Name, maxSourceBytes)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != s.SHA256 {
		return &ChecksumError{File: s.Name, Got: got, Want: s.SHA256}
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("boundarysource: fetch %s: %w", s.Name, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("boundarysource: fetch %s: %w", s.Name, err)
	}
	return nil
}

// fileSHA256 returns the hex sha256 of the file at path.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// readSource reads the pinned source s from dir and checks its sha256.
func readSource(dir string, s source) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(dir, s.Name))
	if err != nil {
		return nil, fmt.Errorf("boundarysource: %w", err)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != s.SHA256 {
		return nil, &ChecksumError{File: s.Name, Got: got, Want: s.SHA256}
	}
	return data, nil
}
