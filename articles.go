package plenum

import (
	"context"
	"strings"
)

// Who may publish (the rules of articles):
//   - A member with an active membership in a unit or below it may publish a
//     members-only article there, under their own name.
//   - Public articles and statements speak for the unit to the world (R8:
//     public unity, internal debate), so only a holder of a current term in
//     the unit itself may publish them; a statement's byline names the
//     offices they hold there. Officers of units above do not publish in a
//     unit below (R11).
//   - Anyone reads public articles; members-only ones are read by those who
//     see the unit's internal matters, and by officers above it.

// ArticleView is one article with where it stands.
type ArticleView struct {
	Article *Article
	Org     *Organization
	Unit    *Unit
}

// ArticlePage is one page of a unit's articles, newest first.
type ArticlePage struct {
	Unit     *Unit
	Articles []*Article
	Next     *ArticleCursor // nil on the last page
	// CanWrite says whether the viewer may publish here at all, and
	// CanPublishPublic whether publicly and as statements.
	CanWrite, CanPublishPublic bool
}

// PublishArticle publishes d in its unit as v.
// Who may call: see the rules above. Errors: Invalid (naming the field),
// NotFound (no such unit), Forbidden.
func (a *App) PublishArticle(ctx context.Context, v *Viewer, d ArticleDraft) (*Article, error) {
	const op = "publish article"
	if err := d.validate(op); err != nil {
		return nil, err
	}
	var art *Article
	err := a.Store.Update(ctx, func(tx Tx) error {
		u, err := tx.Unit(ctx, d.Unit)
		if err != nil {
			return err
		}
		if !v.canWriteIn(u) {
			return Errorf(Forbidden, op, "only members of %s may publish there", u.Name)
		}
		if (d.Public || d.Kind == KindStatement || d.Notify) && !v.IsOfficerAbove(u, nil) {
			return Errorf(Forbidden, op, "only a holder of an office of %s may publish in public, issue a statement or send to the members", u.Name)
		}
		byline, err := a.byline(ctx, tx, v.Member, u, d.Kind)
		if err != nil {
			return err
		}
		art = &Article{Org: u.Org, Unit: u.ID, Author: v.Member.ID, Kind: d.Kind, Byline: byline,
			Title: d.Title, Summary: d.Summary, Body: d.Body, Public: d.Public, Published: a.now()}
		if err := tx.CreateArticle(ctx, art); err != nil {
			return err
		}
		payload := map[string]any{"article": art.ID, "kind": art.Kind, "title": art.Title, "byline": art.Byline}
		if d.Notify {
			if err := a.noticeArticle(ctx, tx, art); err != nil {
				return err
			}
			payload["notified"] = true
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "article.published", Actor: v.Actor(), Org: u.Org, Unit: u.ID,
			Internal: !d.Public, Payload: payload})
		return err
	})
	if err != nil {
		return nil, internalError(op, err)
	}
	return art, nil
}

// noticeArticle sends art to the members of its unit's subtree as a notice
// of kind "statement", which each receives as they chose.
func (a *App) noticeArticle(ctx context.Context, tx Tx, art *Article) error {
	org, err := tx.Org(ctx, art.Org)
	if err != nil {
		return err
	}
	return a.notify(ctx, tx, Notice{Kind: "statement", Unit: art.Unit, Subject: "notice.article.subject",
		Text: "notice.article.text", Args: []any{org.Name, art.Title, art.Byline, art.Summary}, Link: "/articles/" + art.ID.String()})
}

// canWriteIn reports whether v may publish members-only articles in u.
func (v *Viewer) canWriteIn(u *Unit) bool {
	return v.Member != nil && v.Member.Org == u.Org && v.SeesInternal(u.ID)
}

// byline is the author's name, and for a statement the offices they hold in u.
func (a *App) byline(ctx context.Context, tx Tx, m *Member, u *Unit, kind ArticleKind) (string, error) {
	if kind != KindStatement {
		return m.Name, nil
	}
	terms, err := tx.MemberTerms(ctx, m.ID)
	if err != nil {
		return "", err
	}
	var offices []string
	for _, t := range terms {
		o, err := tx.Office(ctx, t.Office)
		if err != nil {
			return "", err
		}
		if t.Current(a.now()) && o.Unit == u.ID {
			offices = append(offices, o.Name)
		}
	}
	return m.Name + ", " + strings.Join(offices, ", "), nil
}

// Article returns one article. Anyone may call it; members-only articles are
// NotFound to those who may not read them, so that their existence is not
// told either.
func (a *App) Article(ctx context.Context, v *Viewer, id ArticleID) (*ArticleView, error) {
	var view *ArticleView
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		view, err = a.readable(ctx, tx, v, id)
		return err
	})
	return view, wrap("article", err)
}

func (a *App) readable(ctx context.Context, tx Tx, v *Viewer, id ArticleID) (*ArticleView, error) {
	art, err := tx.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	u, err := tx.Unit(ctx, art.Unit)
	if err != nil {
		return nil, err
	}
	if !art.Public {
		anc, err := tx.Ancestors(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		if !v.SeesInternal(u.ID) && !v.IsOfficerAbove(u, anc) {
			return nil, Errorf(NotFound, "article", "no such article")
		}
	}
	org, err := tx.Org(ctx, art.Org)
	if err != nil {
		return nil, err
	}
	return &ArticleView{Article: art, Org: org, Unit: u}, nil
}

// Articles lists one page of a unit's articles that v may read, newest
// first, at most limit (1 to 100) of them. Anyone may call it.
// Errors: NotFound (no such unit).
func (a *App) Articles(ctx context.Context, v *Viewer, unit UnitID, before ArticleCursor, limit int) (*ArticlePage, error) {
	limit = min(max(limit, 1), 100)
	p := &ArticlePage{}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if p.Unit, err = tx.Unit(ctx, unit); err != nil {
			return err
		}
		anc, err := tx.Ancestors(ctx, unit)
		if err != nil {
			return err
		}
		q := ArticleQuery{Org: p.Unit.Org, Unit: unit, Before: before, Limit: limit + 1,
			PublicOnly: !v.SeesInternal(unit) && !v.IsOfficerAbove(p.Unit, anc)}
		if p.Articles, err = tx.Articles(ctx, q); err != nil {
			return err
		}
		if len(p.Articles) > limit {
			p.Articles = p.Articles[:limit]
			next := p.Articles[limit-1].Cursor()
			p.Next = &next
		}
		p.CanWrite = v.canWriteIn(p.Unit)
		p.CanPublishPublic = p.CanWrite && v.IsOfficerAbove(p.Unit, nil)
		return nil
	})
	return p, wrap("articles", err)
}

// LatestArticles lists an organization's latest public articles, from all
// its units, at most limit (1 to 100). Anyone may call it.
func (a *App) LatestArticles(ctx context.Context, org OrgID, limit int) ([]*ArticleView, error) {
	var views []*ArticleView
	err := a.Store.View(ctx, func(tx Tx) error {
		o, err := tx.Org(ctx, org)
		if err != nil {
			return err
		}
		arts, err := tx.Articles(ctx, ArticleQuery{Org: org, PublicOnly: true, Limit: min(max(limit, 1), 100)})
		if err != nil {
			return err
		}
		for _, art := range arts {
			u, err := tx.Unit(ctx, art.Unit)
			if err != nil {
				return err
			}
			views = append(views, &ArticleView{Article: art, Org: o, Unit: u})
		}
		return nil
	})
	return views, wrap("latest articles", err)
}
