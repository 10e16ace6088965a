package plenum_test

import (
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/storetest"
)

// onBoth runs fn on an App over SQLite and over PostgreSQL.
func onBoth(t *testing.T, fn func(t *testing.T, app *plenum.App, c *clock)) {
	t.Run("sqlite", func(t *testing.T) { app, c := appOn(t, storetest.SQLite(t)); fn(t, app, c) })
	t.Run("postgres", func(t *testing.T) { app, c := appOn(t, storetest.Postgres(t)); fn(t, app, c) })
}

func draft(u *plenum.Unit, title string, public bool) plenum.ArticleDraft {
	return plenum.ArticleDraft{Unit: u.ID, Kind: plenum.KindArticle, Title: title, Summary: "About " + title,
		Body: "# " + title + "\n\nText.", Public: public}
}

func TestArticleRules(t *testing.T) {
	onBoth(t, func(t *testing.T, app *plenum.App, c *clock) {
		org := riverside(t, app)
		root, north, south := unit(t, app, org, "Riverside"), unit(t, app, org, "Riverside/North branch"), unit(t, app, org, "Riverside/South branch")
		ana := login(t, app, org, "ana.ribeiro@riverside-tenants.example")        // Secretary of Riverside, in North
		patrick := login(t, app, org, "patrick.oneill@riverside-tenants.example") // a member of North
		tests := []struct {
			name string
			v    *plenum.Viewer
			d    plenum.ArticleDraft
			want plenum.Kind // 0: allowed
		}{
			{"member, members-only, own branch", patrick, draft(north, "Repairs at Elm St.", false), 0},
			{"member, members-only, the city", patrick, draft(root, "Our city", false), 0},
			{"member, another branch", patrick, draft(south, "Hello South", false), plenum.Forbidden},
			{"member, public", patrick, draft(north, "To the press", true), plenum.Forbidden},
			{"member, statement", patrick, plenum.ArticleDraft{Unit: north.ID, Kind: plenum.KindStatement, Title: "S", Body: "x"}, plenum.Forbidden},
			{"visitor", plenum.Visitor(), draft(root, "Spam", false), plenum.Forbidden},
			{"officer of the city, public", ana, draft(root, "Rent strike", true), 0},
			{"officer of the city, public in a branch", ana, draft(north, "North news", true), plenum.Forbidden},
			{"no title", ana, draft(root, "  ", true), plenum.Invalid},
			{"no body", ana, plenum.ArticleDraft{Unit: root.ID, Kind: plenum.KindArticle, Title: "T", Body: " \n"}, plenum.Invalid},
			{"bad kind", ana, plenum.ArticleDraft{Unit: root.ID, Kind: "memo", Title: "T", Body: "x"}, plenum.Invalid},
			{"long title", ana, draft(root, strings.Repeat("x", 201), true), plenum.Invalid},
			{"no unit", ana, plenum.ArticleDraft{Unit: 9999, Kind: plenum.KindArticle, Title: "T", Body: "x"}, plenum.NotFound},
		}
		for _, tt := range tests {
			_, err := app.PublishArticle(ctx, tt.v, tt.d)
			if tt.want == 0 && err != nil || tt.want != 0 && plenum.ErrorKind(err) != tt.want {
				t.Errorf("%s: err = %v, want kind %v", tt.name, err, tt.want)
			}
		}
	})
}

func TestArticleReading(t *testing.T) {
	onBoth(t, func(t *testing.T, app *plenum.App, c *clock) {
		org := riverside(t, app)
		root, north := unit(t, app, org, "Riverside"), unit(t, app, org, "Riverside/North branch")
		ana := login(t, app, org, "ana.ribeiro@riverside-tenants.example")
		patrick := login(t, app, org, "patrick.oneill@riverside-tenants.example")
		south := login(t, app, org, "tomas.novak@riverside-tenants.example") // Treasurer of Riverside, in South
		var public, internal []*plenum.Article
		for i := range 5 {
			c.t = c.t.Add(time.Hour)
			p, err := app.PublishArticle(ctx, ana, draft(root, "Public "+string(rune('A'+i)), true))
			if err != nil {
				t.Fatal(err)
			}
			public = append(public, p)
			m, err := app.PublishArticle(ctx, patrick, draft(north, "Branch "+string(rune('A'+i)), false))
			if err != nil {
				t.Fatal(err)
			}
			internal = append(internal, m)
		}
		st, err := app.PublishArticle(ctx, ana, plenum.ArticleDraft{Unit: root.ID, Kind: plenum.KindStatement,
			Title: "On the evictions", Body: "We stand together.", Public: true})
		if err != nil {
			t.Fatal(err)
		}
		if st.Byline != "Ana Ribeiro, Council, Secretary" && st.Byline != "Ana Ribeiro, Secretary, Council" {
			t.Errorf("statement byline = %q, want her name and offices", st.Byline)
		}
		if internal[0].Byline != "Patrick O'Neill" {
			t.Errorf("article byline = %q", internal[0].Byline)
		}

		// A members-only article of North: its members and officers above
		// read it; a visitor and a member of South do not learn it exists.
		for name, v := range map[string]*plenum.Viewer{"author": patrick, "officer above": ana, "South's treasurer": south} {
			if _, err := app.Article(ctx, v, internal[0].ID); err != nil {
				t.Errorf("%s reads a members-only article: %v", name, err)
			}
		}
		if _, err := app.Article(ctx, plenum.Visitor(), internal[0].ID); plenum.ErrorKind(err) != plenum.NotFound {
			t.Errorf("visitor reads a members-only article: %v", err)
		}
		if v, err := app.Article(ctx, plenum.Visitor(), public[0].ID); err != nil || v.Unit.ID != root.ID || v.Org.ID != org.ID {
			t.Errorf("visitor reads a public article: %+v, %v", v, err)
		}

		// Pages, newest first, by keyset.
		page, err := app.Articles(ctx, patrick, north.ID, plenum.ArticleCursor{}, 3)
		if err != nil || len(page.Articles) != 3 || page.Next == nil || page.Articles[0].ID != internal[4].ID || !page.CanWrite || page.CanPublishPublic {
			t.Fatalf("first page: %+v, %v", page, err)
		}
		page, err = app.Articles(ctx, patrick, north.ID, *page.Next, 3)
		if err != nil || len(page.Articles) != 2 || page.Next != nil || page.Articles[1].ID != internal[0].ID {
			t.Fatalf("second page: %+v, %v", page, err)
		}
		if page, _ := app.Articles(ctx, plenum.Visitor(), north.ID, plenum.ArticleCursor{}, 10); len(page.Articles) != 0 || page.CanWrite {
			t.Errorf("a visitor lists %d members-only articles", len(page.Articles))
		}
		latest, err := app.LatestArticles(ctx, org.ID, 3)
		if err != nil || len(latest) != 3 || latest[0].Article.ID != st.ID || latest[1].Article.ID != public[4].ID || latest[0].Unit.ID != root.ID {
			t.Errorf("latest public: %v, %v", latest, err)
		}
		for _, a := range latest {
			if !a.Article.Public {
				t.Errorf("latest public lists members-only %q", a.Article.Title)
			}
		}

		// Every publication is in the record; members-only ones internally.
		count := map[bool]int{}
		for _, e := range verifyRecord(t, app) {
			if e.Type == "article.published" {
				count[e.Internal]++
			}
		}
		if count[false] != 6 || count[true] != 5 {
			t.Errorf("record: %d public and %d internal publications, want 6 and 5", count[false], count[true])
		}
	})
}
