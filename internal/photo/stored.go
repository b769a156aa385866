package photo

// MaxPerUpload is the most photos one request carries, whatever they are
// for: six phone photos of at most DefaultMaxBytes each fit in a request.
const MaxPerUpload = 6

// Photo is a stored photo: where its two renditions are in the Store, how
// big they are, and what it shows — a progress update or a site.
type Photo struct {
	ID                      int64  `json:"id"`
	DisplayKey              string `json:"-"`
	ThumbKey                string `json:"-"`
	Width, Height           int    `json:"-"`
	ThumbWidth, ThumbHeight int    `json:"-"`
	SHA256                  string `json:"sha256"`
	// SiteID is the site the photo shows; 0 for a progress update's photo.
	SiteID int64 `json:"-"`
}

// Stored is what is kept of a processed photo whose renditions are in a
// Store under base+"-display.jpg" and base+"-thumb.jpg".
func (p Processed) Stored(base string) Photo {
	return Photo{DisplayKey: base + "-display.jpg", ThumbKey: base + "-thumb.jpg", Width: p.Width, Height: p.Height,
		ThumbWidth: p.ThumbWidth, ThumbHeight: p.ThumbHeight, SHA256: p.SHA256}
}
