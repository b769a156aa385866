package project

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vidbudova/vidbudova/internal/domain"
)

// State is where a project stands in its lifecycle.
type State string

// The states of the lifecycle.
const (
	StateDraft          State = "draft"
	StateSeekingFunding State = "seeking_funding"
	StateFunded         State = "funded"
	StateInProgress     State = "in_progress"
	StateCompleted      State = "completed"
	StateSuspended      State = "suspended"
	StateCancelled      State = "cancelled"
)

// States lists every state, in lifecycle order.
var States = []State{StateDraft, StateSeekingFunding, StateFunded, StateInProgress, StateCompleted, StateSuspended, StateCancelled}

// transitions is the lifecycle: the one place that says which state may
// follow which. The main line is draft → seeking funding → funded → in
// progress → completed. A project seeking funding may go back to draft to
// be reworked. Any live project after the draft may be suspended (war
// damage, a contractor gone) and cancelled. A suspended project does not
// remember the state it left: the editor says where it resumes, among the
// states that a suspension can interrupt, which keeps the table flat and
// the database free of a "previous state" column. Completed and cancelled
// are final: nothing leaves them, so that a project's record of how it
// ended stands; a project cancelled by mistake is entered again.
var transitions = map[State][]State{
	StateDraft:          {StateSeekingFunding, StateCancelled},
	StateSeekingFunding: {StateFunded, StateSuspended, StateCancelled, StateDraft},
	StateFunded:         {StateInProgress, StateSuspended, StateCancelled},
	StateInProgress:     {StateCompleted, StateSuspended, StateCancelled},
	StateSuspended:      {StateSeekingFunding, StateFunded, StateInProgress, StateCancelled},
	StateCompleted:      nil,
	StateCancelled:      nil,
}

// Validate checks that s is a known state; field names it in errors.
func (s State) Validate(field string) error {
	if !slices.Contains(States, s) {
		return domain.Invalid(field,
			fmt.Sprintf("unknown state %q; use one of %v", s, States),
			fmt.Sprintf("невідомий стан %q; допустимі: %v", s, States))
	}
	return nil
}

// Next lists the states a project in s may move to; none for a final state.
func (s State) Next() []State { return slices.Clone(transitions[s]) }

// Final reports whether no transition leaves s.
func (s State) Final() bool { return len(transitions[s]) == 0 }

// TransitionError is a move the lifecycle does not allow. It is a
// domain.ErrConflict (HTTP 409) whose text names the allowed moves in
// English and Ukrainian.
type TransitionError struct {
	From, To State
	Allowed  []State
}

// Error reads "conflict: <English> / <Ukrainian>"; the HTTP layer shows
// what follows "conflict: " as the problem's detail.
func (e *TransitionError) Error() string {
	en, uk := "none: it is final", "жодного: це остаточний стан"
	if len(e.Allowed) > 0 {
		en, uk = join(e.Allowed), join(e.Allowed)
	}
	return fmt.Sprintf("%s: a project cannot move from %s to %s; allowed from %s: %s. / "+
		"Проєкт не можна перевести зі стану %s у стан %s; зі стану %s дозволено: %s.",
		domain.ErrConflict, e.From, e.To, e.From, en, e.From, e.To, e.From, uk)
}

// Unwrap makes the error a domain.ErrConflict.
func (e *TransitionError) Unwrap() error { return domain.ErrConflict }

// Transition checks the move from → to against the lifecycle: nil if
// allowed, else a *TransitionError.
func Transition(from, to State) error {
	if slices.Contains(transitions[from], to) {
		return nil
	}
	return &TransitionError{From: from, To: to, Allowed: from.Next()}
}

func join(states []State) string {
	s := make([]string, len(states))
	for i, st := range states {
		s[i] = string(st)
	}
	return strings.Join(s, ", ")
}
