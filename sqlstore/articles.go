package sqlstore

import (
	"context"
	"strings"

	"plenum"
)

func (t *tx) CreateArticle(ctx context.Context, a *plenum.Article) error {
	return t.queryRow(ctx, `INSERT INTO articles (org, unit, author, kind, byline, title, summary, body, public, published)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.Org, a.Unit, a.Author, string(a.Kind), a.Byline, a.Title, a.Summary, a.Body, a.Public, micros(a.Published)).Scan(&a.ID)
}

const articleColumns = `id, org, unit, author, kind, byline, title, summary, body, public, published`

type scanner interface{ Scan(dest ...any) error }

func scanArticle(s scanner) (*plenum.Article, error) {
	a := &plenum.Article{}
	var kind string
	var published int64
	err := s.Scan(&a.ID, &a.Org, &a.Unit, &a.Author, &kind, &a.Byline, &a.Title, &a.Summary, &a.Body, &a.Public, &published)
	a.Kind, a.Published = plenum.ArticleKind(kind), fromMicros(published)
	return a, err
}

func (t *tx) Article(ctx context.Context, id plenum.ArticleID) (*plenum.Article, error) {
	a, err := scanArticle(t.queryRow(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "article", "article")
	}
	return a, nil
}

// Articles reads one page through articles_unit or, for a whole
// organization, articles_org_public.
func (t *tx) Articles(ctx context.Context, q plenum.ArticleQuery) ([]*plenum.Article, error) {
	var where []string
	var args []any
	if q.Unit != 0 {
		where, args = append(where, "unit = ?"), append(args, q.Unit)
	} else {
		where, args = append(where, "org = ?"), append(args, q.Org)
	}
	if q.PublicOnly {
		where = append(where, "public")
	}
	if !q.Before.Published.IsZero() {
		p := micros(q.Before.Published)
		where = append(where, "(published < ? OR published = ? AND id < ?)")
		args = append(args, p, p, q.Before.ID)
	}
	args = append(args, q.Limit)
	rows, err := t.query(ctx, `SELECT `+articleColumns+` FROM articles WHERE `+strings.Join(where, " AND ")+
		` ORDER BY published DESC, id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*plenum.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
