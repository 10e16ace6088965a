package plenum

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ArticleID identifies an article.
type ArticleID int64

func (id ArticleID) String() string { return strconv.FormatInt(int64(id), 10) }

// ArticleKind tells an article from a statement.
type ArticleKind string

const (
	// KindArticle is a member's own writing; the byline is their name.
	KindArticle ArticleKind = "article"
	// KindStatement is issued by an office holder in that capacity; the
	// byline names the offices they hold in the unit. A statement of a whole
	// body needs that body's decision, which comes with motions and decisions.
	KindStatement ArticleKind = "statement"
)

// Article is a text a unit publishes: its page lists it, its feed carries it.
// Articles are never edited or deleted (R12): a correction is a new article.
type Article struct {
	ID        ArticleID
	Org       OrgID
	Unit      UnitID
	Author    MemberID
	Kind      ArticleKind
	Byline    string // as printed: "Ana Ribeiro" or "Ana Ribeiro, Secretary"
	Title     string
	Summary   string // plain text; optional
	Body      string // Markdown
	Public    bool   // false: members of the unit (and of units below it) only
	Published time.Time
}

// ArticleDraft is what an author submits.
type ArticleDraft struct {
	Unit    UnitID
	Kind    ArticleKind
	Title   string
	Summary string
	Body    string
	Public  bool
	// Notify sends it as a notice to the members of the unit and the units
	// below it: on their notifications page, and by email as each chose
	// for statements; officers only.
	Notify bool
}

// Limits of an article's fields, in characters (the body in bytes).
const (
	maxTitle   = 200
	maxSummary = 1000
	maxBody    = 200_000
)

// validate checks the fields of d; errors name the field.
func (d *ArticleDraft) validate(op string) error {
	d.Title = strings.Join(strings.Fields(d.Title), " ")
	d.Summary = strings.TrimSpace(d.Summary)
	switch {
	case d.Kind != KindArticle && d.Kind != KindStatement:
		return FieldErrorf(Invalid, op, "kind", "kind must be %q or %q", KindArticle, KindStatement)
	case d.Title == "":
		return FieldErrorf(Invalid, op, "title", "an article needs a title")
	case utf8.RuneCountInString(d.Title) > maxTitle:
		return FieldErrorf(Invalid, op, "title", "the title is longer than %d characters", maxTitle)
	case utf8.RuneCountInString(d.Summary) > maxSummary:
		return FieldErrorf(Invalid, op, "summary", "the summary is longer than %d characters", maxSummary)
	case strings.TrimSpace(d.Body) == "":
		return FieldErrorf(Invalid, op, "body", "an article needs a text")
	case len(d.Body) > maxBody:
		return FieldErrorf(Invalid, op, "body", "the text is longer than %d bytes", maxBody)
	case !utf8.ValidString(d.Title + d.Summary + d.Body):
		return FieldErrorf(Invalid, op, "body", "the text is not valid UTF-8")
	}
	return nil
}

// ArticleStore keeps articles.
type ArticleStore interface {
	CreateArticle(ctx context.Context, a *Article) error // sets a.ID
	Article(ctx context.Context, id ArticleID) (*Article, error)
	// Articles lists one page of articles, newest first.
	Articles(ctx context.Context, q ArticleQuery) ([]*Article, error)
}

// ArticleQuery selects one page of articles.
type ArticleQuery struct {
	Org        OrgID
	Unit       UnitID // zero: every unit of Org
	PublicOnly bool
	Before     ArticleCursor // keyset: articles before this one; zero for the newest
	Limit      int
}

// ArticleCursor is a position in a list of articles, newest first.
type ArticleCursor struct {
	Published time.Time
	ID        ArticleID
}

// Cursor is the position just after a.
func (a *Article) Cursor() ArticleCursor { return ArticleCursor{a.Published, a.ID} }
