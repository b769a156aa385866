package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
)

// problem is an RFC 9457 problem+json body.
type problem struct {
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Status   int          `json:"status"`
	Detail   string       `json:"detail,omitempty"`
	Instance string       `json:"instance,omitempty"`
	Field    string       `json:"field,omitempty"`
	Errors   []fieldError `json:"errors,omitempty"`
}

type fieldError struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// badRequest marks a validation error in the query or the syntax of a body:
// 400, where a well-formed body with a wrong value is a 422.
type badRequest struct{ err *domain.ValidationError }

func (b badRequest) Error() string { return b.err.Error() }
func (b badRequest) Unwrap() error { return b.err }

func invalidQuery(field, en, uk string) error { return badRequest{domain.Invalid(field, en, uk)} }

// localProblem is an error of the HTTP layer itself (a missing CSRF
// token, a rate limit) with its status and its words.
type localProblem struct {
	status int
	en, uk string
}

func (p localProblem) Error() string { return p.en }

// errPreconditionRequired refuses a change sent without If-Match.
var errPreconditionRequired = errors.New("precondition required")

// english reports whether the client prefers English to Ukrainian;
// Ukrainian is the default.
func english(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "uk"):
			return false
		case strings.HasPrefix(tag, "en"):
			return true
		}
	}
	return false
}

type titles struct{ en, uk string }

var statusTitles = map[int]titles{
	http.StatusBadRequest:            {"The request is malformed", "Запит сформовано неправильно"},
	http.StatusUnauthorized:          {"Sign in first", "Спершу увійдіть"},
	http.StatusForbidden:             {"Not allowed", "Не дозволено"},
	http.StatusNotFound:              {"Not found", "Не знайдено"},
	http.StatusTooManyRequests:       {"Too many requests", "Забагато запитів"},
	http.StatusMethodNotAllowed:      {"Method not allowed", "Метод не дозволено"},
	http.StatusConflict:              {"Conflict", "Конфлікт"},
	http.StatusPreconditionFailed:    {"Someone changed this since you read it", "Хтось змінив це, відколи ви його прочитали"},
	http.StatusPreconditionRequired:  {"Say which version you are changing", "Вкажіть, яку версію ви змінюєте"},
	http.StatusRequestEntityTooLarge: {"The request body is too large", "Тіло запиту завелике"},
	http.StatusUnsupportedMediaType:  {"Unsupported content type", "Непідтримуваний тип вмісту"},
	http.StatusUnprocessableEntity:   {"Some data is not valid", "Деякі дані некоректні"},
	http.StatusServiceUnavailable:    {"The service is not ready", "Сервіс ще не готовий"},
	http.StatusInternalServerError:   {"Something went wrong on our side", "Щось пішло не так на нашому боці"},
}

// statusClientClosed is nginx's code for a request the client gave up.
const statusClientClosed = 499

// errorHandler is the one place where errors become responses.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		r := c.Request()
		if r.Context().Err() != nil && errors.Is(err, context.Canceled) {
			// The client went away (a map drops the tiles it no longer
			// needs as it moves): nobody to answer, and nothing went wrong
			// here. 499 is what the request log shows, as nginx does.
			c.Response().Status = statusClientClosed
			log.DebugContext(r.Context(), "client closed the request", "path", r.URL.Path)
			return
		}
		en := english(r)
		p := problem{Type: "about:blank", Instance: r.URL.Path}
		var ve *domain.ValidationError
		var br badRequest
		var he *echo.HTTPError
		var lp localProblem
		switch {
		case errors.As(err, &br):
			p.Status = http.StatusBadRequest
			ve = br.err
		case errors.As(err, &ve):
			p.Status = http.StatusUnprocessableEntity
		case errors.Is(err, account.ErrUnauthenticated):
			p.Status = http.StatusUnauthorized
			p.Detail = pick(en, "Changing data needs an account: sign in, or send an API token (Authorization: Bearer).",
				"Для змін потрібен обліковий запис: увійдіть або надішліть API-токен (Authorization: Bearer).")
		case errors.Is(err, account.ErrForbidden):
			p.Status = http.StatusForbidden
			p.Detail = pick(en, "Your account may not do this here: an editor changes only its own hromadas, a moderator its own oblasts, a donor its own organisation's funding.",
				"Ваш обліковий запис не може цього тут: редактор змінює лише свої громади, модератор — свої області, донор — фінансування своєї організації.")
		case errors.As(err, &lp):
			p.Status, p.Detail = lp.status, pick(en, lp.en, lp.uk)
		case errors.Is(err, domain.ErrNotFound):
			p.Status = http.StatusNotFound
			p.Detail = pick(en, "There is nothing at this address.", "За цією адресою нічого немає.")
		case errors.Is(err, errPreconditionRequired):
			p.Status = http.StatusPreconditionRequired
			p.Field = "If-Match"
			p.Detail = pick(en, `Send If-Match with the ETag you read (e.g. "v3"), so that no one's change is lost; "*" changes any version.`,
				`Надішліть If-Match з ETag, який ви прочитали (як-от "v3"), щоб нічия зміна не загубилася; "*" змінює будь-яку версію.`)
		case errors.Is(err, domain.ErrPreconditionFailed):
			p.Status = http.StatusPreconditionFailed
			p.Detail = pick(en, "The version in If-Match is not the current one: read the object again and repeat your change.",
				"Версія в If-Match не поточна: прочитайте об'єкт ще раз і повторіть зміну.")
		case errors.Is(err, domain.ErrConflict):
			p.Status = http.StatusConflict
			p.Detail = strings.TrimPrefix(err.Error(), domain.ErrConflict.Error()+": ")
		case errors.As(err, &he):
			p.Status = he.Code
			if he.Code == http.StatusRequestEntityTooLarge {
				p.Detail = pick(en, "Too much was sent at once: at most 1 MB, or 100 MB with photos.",
					"Забагато за один раз: щонайбільше 1 МБ, або 100 МБ разом із фото.")
			} else if he.Code < 500 {
				p.Detail = fmt.Sprint(he.Message)
			}
		default:
			p.Status = http.StatusInternalServerError
		}
		if ve != nil {
			p.Field = ve.Field
			p.Detail = pick(en, ve.Reason, ve.ReasonUK)
			p.Errors = []fieldError{{Field: ve.Field, Reason: p.Detail}}
		}
		t, ok := statusTitles[p.Status]
		if !ok {
			t = titles{http.StatusText(p.Status), http.StatusText(p.Status)}
		}
		p.Title = pick(en, t.en, t.uk)
		if p.Status >= 500 {
			// Logged once, here; the body says nothing internal.
			log.ErrorContext(r.Context(), "request failed", "err", err, "path", r.URL.Path,
				"request_id", c.Response().Header().Get(echo.HeaderXRequestID))
		}
		writeProblem(c, p)
	}
}

func writeProblem(c echo.Context, p problem) {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/problem+json")
	h.Set("Content-Language", "uk")
	if english(c.Request()) {
		h.Set("Content-Language", "en")
	}
	c.Response().WriteHeader(p.Status)
	if c.Request().Method != http.MethodHead {
		json.NewEncoder(c.Response()).Encode(p) //nolint:errcheck // the client is gone
	}
}

func pick(en bool, english, ukrainian string) string {
	if en {
		return english
	}
	return ukrainian
}
