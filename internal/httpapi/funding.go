package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/funding"
	"github.com/vidbudova/vidbudova/internal/money"
)

func (s *Server) fundingRoutes(g *echo.Group) {
	get(g, "/projects/:id/funding", s.listFunding)
	g.POST("/projects/:id/funding", s.createFunding)
}

// fundingRequest is a new funding record as a donor sends it.
type fundingRequest struct {
	OrganisationID int64  `json:"organisation_id"`
	Kind           string `json:"kind"`
	Amount         struct {
		AmountMinor json.Number `json:"amount_minor"`
		Currency    string      `json:"currency"`
	} `json:"amount"`
	Date         string `json:"date"`
	CommitmentID *int64 `json:"commitment_id"`
	Note         string `json:"note"`
}

// fundingJSON is a funding record as everyone reads it.
type fundingJSON struct {
	funding.Record
	Amount    moneyJSON `json:"amount"`
	AmountUAH int64     `json:"amount_uah_minor"`
	AmountEUR int64     `json:"amount_eur_minor"`
	Date      string    `json:"date"`
}

type moneyJSON struct {
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
}

func toFundingJSON(r funding.Record) fundingJSON {
	return fundingJSON{Record: r, Amount: moneyJSON{r.Amount.Minor, r.Amount.Currency},
		AmountUAH: r.UAHMinor, AmountEUR: r.EURMinor, Date: r.On.Format(time.DateOnly)}
}

func (s *Server) createFunding(c echo.Context) error {
	pid, err := projectID(c)
	if err != nil {
		return err
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	var req fundingRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return badRequest{domain.Invalid("body", "the body is not a funding record in JSON: "+err.Error(),
			"тіло запиту — не запис про фінансування в JSON: "+err.Error())}
	}
	minor, err := strconv.ParseInt(req.Amount.AmountMinor.String(), 10, 64)
	if err != nil {
		return domain.Invalid("amount.amount_minor", "must be a whole number of minor units (kopiykas, cents)",
			"має бути цілим числом дрібних одиниць (копійок, центів)")
	}
	on, err := time.Parse(time.DateOnly, req.Date)
	if err != nil {
		return domain.Invalid("date", "must be a date written YYYY-MM-DD", "має бути датою у форматі РРРР-ММ-ДД")
	}
	if req.OrganisationID < 1 {
		return domain.Invalid("organisation_id", "is required", "обов'язкове поле")
	}
	d := funding.Draft{ProjectID: pid, OrganisationID: req.OrganisationID, Kind: funding.Kind(req.Kind),
		Amount: money.Amount{Minor: minor, Currency: req.Amount.Currency}, On: on, CommitmentID: req.CommitmentID, Note: req.Note}
	if err := d.Validate(s.now()); err != nil {
		return err
	}
	r, err := s.deps.Funding.CreateFunding(c.Request().Context(), d)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/projects/"+strconv.FormatInt(pid, 10)+"/funding")
	return c.JSON(http.StatusCreated, toFundingJSON(r))
}

func (s *Server) listFunding(c echo.Context) error {
	pid, err := projectID(c)
	if err != nil {
		return err
	}
	records, err := s.deps.Funding.FindFunding(c.Request().Context(), pid)
	if err != nil {
		return err
	}
	out := make([]fundingJSON, 0, len(records))
	for _, r := range records {
		out = append(out, toFundingJSON(r))
	}
	return c.JSON(http.StatusOK, map[string]any{"project_id": pid, "funding": out})
}
