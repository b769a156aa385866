package postgres

import (
	"context"
	"fmt"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/site"
)

// SeedDemo makes a deterministic demo set of about n damaged sites inside
// real hromadas, more of them where the war hit hardest, every category and
// damage level present. Every demo site is marked demo and says so in its
// name and description. With replace false an existing demo set is kept.
// It returns the number of demo sites in the database afterwards.
func (db *DB) SeedDemo(ctx context.Context, n int, replace bool) (created, total int, err error) {
	ctx = account.WithUser(ctx, account.System)
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: seed demo: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	var existing int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM sites WHERE demo`).Scan(&existing); err != nil {
		return 0, 0, fmt.Errorf("postgres: seed demo: %w", err)
	}
	if existing > 0 && !replace {
		return 0, existing, nil
	}
	// Demo projects hold demo sites and demo funding holds demo projects:
	// they go first, and come back with the sites.
	for _, sql := range []string{
		`DELETE FROM funding WHERE demo OR project_id IN (SELECT id FROM projects WHERE demo)`,
		`DELETE FROM projects WHERE demo`,
		`DELETE FROM organisations WHERE demo`,
		`DELETE FROM sites WHERE demo`,
	} {
		if _, err := tx.Exec(ctx, sql); err != nil {
			return 0, 0, fmt.Errorf("postgres: seed demo: %w", err)
		}
	}
	tag, err := tx.Exec(ctx, seedSQL, n, strs(site.SensitiveCategories))
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: seed demo: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, 0, fmt.Errorf("postgres: seed demo: %w", err)
	}
	if _, _, err := db.seedProjects(ctx); err != nil {
		return 0, 0, err
	}
	return int(tag.RowsAffected()), int(tag.RowsAffected()), nil
}

// seedSQL spreads $1 points over the hromadas by weight (front-line and
// heavily shelled oblasts x8, cities x3, the thirteen most damaged cities
// — Kharkiv, Mariupol, Kyiv, Kherson, Bakhmut… — x12), with attributes drawn from an md5
// of the hromada code and the point's number, so every run is identical.
const seedSQL = `
WITH w AS (
    SELECT h.code, h.geom,
           (CASE WHEN left(h.code, 4) IN ('UA63', 'UA14', 'UA44', 'UA23', 'UA65', 'UA48', 'UA59', 'UA74', 'UA80', 'UA12', 'UA32')
                 THEN 8 ELSE 1 END)
           * (CASE WHEN h.hromada_type = 'city' OR h.category = 'K' THEN 3 ELSE 1 END)
           * (CASE WHEN EXISTS (SELECT 1 FROM (VALUES (36.23, 49.99), (37.55, 47.10), (30.52, 50.45), (32.62, 46.64),
                  (38.00, 48.60), (31.29, 51.49), (35.14, 47.84), (37.75, 48.14), (31.99, 46.97), (37.26, 49.21),
                  (34.80, 50.91), (30.73, 46.48), (37.56, 48.72)) c(lon, lat)
                  WHERE ST_Intersects(h.geom, ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326))) THEN 12 ELSE 1 END) AS w
    FROM hromadas h
), alloc AS (
    SELECT code, geom, round($1::numeric * w / sum(w) OVER ())::int AS k FROM w
), pts AS (
    SELECT a.code, d.path[1] AS i, d.geom
    FROM alloc a, ST_Dump(ST_GeneratePoints(a.geom, a.k, 20220224)) d
    WHERE a.k > 0
), r AS (
    SELECT p.*, ('x' || substr(md5(p.code || ':' || p.i), 1, 8))::bit(32)::bigint AS r1,
                ('x' || substr(md5(p.code || ':' || p.i), 9, 8))::bit(32)::bigint AS r2,
                ('x' || substr(md5(p.code || ':' || p.i), 17, 8))::bit(32)::bigint AS r3
    FROM pts p
), a AS (
    SELECT r.*,
           (ARRAY['housing','housing','housing','housing','education','health','energy','water','transport',
                  'administrative','culture','other'])[1 + r1 % 12] AS category,
           (ARRAY['light','light','moderate','moderate','severe','destroyed'])[1 + r2 % 6] AS damage
    FROM r
)
INSERT INTO sites (name, description, category, damage, damaged_on, estimated_cost_minor, currency, geom, demo, sensitive)
SELECT
    (CASE category
        WHEN 'housing' THEN (ARRAY['Житловий будинок', 'Багатоквартирний будинок', 'Приватний будинок', 'Гуртожиток'])[1 + r3 % 4]
        WHEN 'education' THEN (ARRAY['Школа №', 'Ліцей №', 'Дитячий садок №', 'Гімназія №'])[1 + r3 % 4] || (1 + r2 % 40)
        WHEN 'health' THEN (ARRAY['Лікарня №', 'Поліклініка №', 'Амбулаторія №'])[1 + r3 % 3] || (1 + r2 % 12)
        WHEN 'energy' THEN (ARRAY['Підстанція', 'Котельня', 'Теплоелектроцентраль', 'Трансформаторна підстанція'])[1 + r3 % 4]
        WHEN 'water' THEN (ARRAY['Водонасосна станція', 'Очисні споруди', 'Водогін'])[1 + r3 % 3]
        WHEN 'transport' THEN (ARRAY['Міст', 'Шляхопровід', 'Залізнична станція', 'Автостанція'])[1 + r3 % 4]
        WHEN 'administrative' THEN (ARRAY['Будівля сільради', 'ЦНАП', 'Адмінбудівля громади'])[1 + r3 % 3]
        WHEN 'culture' THEN (ARRAY['Будинок культури', 'Бібліотека', 'Музей', 'Храм'])[1 + r3 % 4]
        ELSE (ARRAY['Склад', 'Стадіон', 'Ринок'])[1 + r3 % 3]
     END) || ', вул. ' || (ARRAY['Шевченка', 'Франка', 'Соборна', 'Незалежності', 'Миру', 'Садова', 'Центральна',
                               'Лесі Українки', 'Грушевського', 'Шкільна'])[1 + (r1 / 12) % 10]
         || ', ' || (1 + r3 % 120) || ' (демо)',
    'Демонстраційний запис: вигадані дані для показу можливостей. Demo record: fictitious data for showing the tracker.',
    category, damage,
    date '2022-02-24' + (r3 % 1300)::int,
    CASE WHEN r2 % 5 = 0 THEN NULL ELSE (10 + r1 % 2000) * 100000 * (1 + (r2 % 4)) END,
    CASE WHEN r2 % 5 = 0 THEN NULL ELSE 'UAH' END,
    geom, true, category = ANY($2::text[])
FROM a
ORDER BY code, i`

// DemoAccount is a demo account and the password it was just given.
type DemoAccount struct {
	account.User
	Password string
}

// SeedAccounts makes one demo account per role, or gives the existing
// ones new random passwords, so that whoever starts the demo learns them
// and nobody else knows them. The editor and the moderator work where the
// demo has most sites; the donor for the first demo organisation.
func (db *DB) SeedAccounts(ctx context.Context) ([]DemoAccount, error) {
	var hromada, oblast string
	var org *int64
	err := db.pool.QueryRow(ctx, `SELECT s.hromada_code, s.oblast_code, (SELECT min(id) FROM organisations WHERE demo)
		FROM sites s WHERE s.demo AND s.hromada_code IS NOT NULL
		GROUP BY 1, 2 ORDER BY count(*) DESC, 1 LIMIT 1`).Scan(&hromada, &oblast, &org)
	if err != nil {
		return nil, fmt.Errorf("postgres: seed accounts (is the demo data there?): %w", mapError(err, "demo"))
	}
	drafts := []account.Draft{
		{Email: "admin@vidbudova.test", Name: "Демо: адміністратор", Role: account.Admin},
		{Email: "moderator@vidbudova.test", Name: "Демо: модератор", Role: account.Moderator, Oblasts: []string{oblast}},
		{Email: "editor@vidbudova.test", Name: "Демо: редактор громади", Role: account.Editor, Hromadas: []string{hromada}},
		{Email: "donor@vidbudova.test", Name: "Демо: донор", Role: account.Donor, OrganisationID: org},
	}
	var out []DemoAccount
	for _, d := range drafts {
		d.Password, d.Demo = account.NewSecret()[:16], true
		hash, err := account.HashPassword(d.Password)
		if err != nil {
			return nil, err
		}
		var u account.User
		err = scanUser(db.pool.QueryRow(ctx, `
			INSERT INTO users AS u (email, name, password_hash, role, oblast_codes, hromada_codes, organisation_id, demo)
			VALUES ($1, $2, $3, $4, $5, $6, $7, true)
			ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role,
				oblast_codes = EXCLUDED.oblast_codes, hromada_codes = EXCLUDED.hromada_codes,
				organisation_id = EXCLUDED.organisation_id, disabled = false, version = u.version + 1, updated_at = now()
			WHERE u.demo
			RETURNING `+userColumns,
			d.Email, d.Name, hash, string(d.Role), nonNil(d.Oblasts), nonNil(d.Hromadas), d.OrganisationID), &u)
		if err != nil {
			return nil, fmt.Errorf("postgres: seed account %s: %w", d.Email, mapError(err, "email"))
		}
		out = append(out, DemoAccount{User: u, Password: d.Password})
	}
	return out, nil
}
