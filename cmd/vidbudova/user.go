package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/postgres"
)

// userAdd makes an account from the command line: the first admin, before
// anyone can sign in to make the others over the API. The password comes
// from --password or, better (it stays out of the shell's history and the
// process list), from the first line of standard input.
func userAdd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	fl := flag.NewFlagSet("user add", flag.ContinueOnError)
	email := fl.String("email", "", "the account's email (required)")
	name := fl.String("name", "", "the person's name, shown in the history")
	role := fl.String("role", "", "admin, moderator, editor or donor (required)")
	password := fl.String("password", "", "the password; without it, the first line of standard input")
	oblasts := fl.String("oblast", "", "a moderator's oblast codes, comma-separated")
	hromadas := fl.String("hromada", "", "an editor's hromada codes, comma-separated")
	org := fl.Int64("organisation", 0, "a donor's organisation id")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return errors.New("user add: --email and --role are required")
	}
	if *password == "" {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("user add: read the password: %w", err)
		}
		*password = strings.TrimRight(line, "\r\n")
	}
	d := account.Draft{Email: *email, Name: *name, Password: *password, Role: account.Role(*role),
		Oblasts: codes(*oblasts), Hromadas: codes(*hromadas)}
	if *org > 0 {
		d.OrganisationID = org
	}
	if err := d.Validate(); err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	hash, err := account.HashPassword(d.Password)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.CreateUser(ctx, d, hash)
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	fmt.Fprintf(stdout, "account %d made: %s (%s)\n", u.ID, u.Email, u.Role)
	return nil
}

func codes(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// printDemoAccounts says how to sign in to the demo. Demo only: the
// passwords are new on every run and shown once.
func printDemoAccounts(stdout io.Writer, accounts []postgres.DemoAccount) {
	fmt.Fprintln(stdout, "demo accounts (new passwords on every run; DEMO ONLY):")
	for _, a := range accounts {
		fmt.Fprintf(stdout, "  %-10s %-26s %s\n", a.Role, a.Email, a.Password)
	}
}
