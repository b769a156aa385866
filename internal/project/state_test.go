package project_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/project"
)

func TestTheLifecycleAllowsExactlyItsTransitions(t *testing.T) {
	// Written out again here, so that a change of the table in state.go
	// is a deliberate change of this test too.
	allowed := map[project.State]string{
		"draft":           "seeking_funding cancelled",
		"seeking_funding": "funded suspended cancelled draft",
		"funded":          "in_progress suspended cancelled",
		"in_progress":     "completed suspended cancelled",
		"suspended":       "seeking_funding funded in_progress cancelled",
		"completed":       "",
		"cancelled":       "",
	}
	for _, from := range project.States {
		for _, to := range project.States {
			want := strings.Contains(" "+allowed[from]+" ", " "+string(to)+" ")
			name := "a project in " + string(from) + " may not move to " + string(to)
			if want {
				name = "a project in " + string(from) + " may move to " + string(to)
			}
			t.Run(name, func(t *testing.T) {
				err := project.Transition(from, to)
				if want {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				var te *project.TransitionError
				if !errors.As(err, &te) || !errors.Is(err, domain.ErrConflict) {
					t.Fatalf("error %v, want a *TransitionError that is a conflict", err)
				}
				msg := strings.TrimPrefix(err.Error(), "conflict: ")
				for _, s := range strings.Fields(allowed[from]) {
					if strings.Count(msg, s) < 2 {
						t.Errorf("the message does not name %s in both languages: %s", s, msg)
					}
				}
				if allowed[from] == "" && !strings.Contains(msg, "final") {
					t.Errorf("the message does not say the state is final: %s", msg)
				}
			})
		}
	}
}
