package plenum

import (
	"bytes"
	"context"
	"encoding/json"
)

// A body's statement is a decision of that body (R7): a member of the body
// proposes the text as a decision of kind "statement", the body votes, and
// adopting it publishes the article in the body's unit, in the closing
// transaction, with the body as its byline. Until then nothing is published.

// StatementPayload is the payload of a "statement" decision; the decision's
// Title and Text are the article's title and body.
type StatementPayload struct {
	Summary string `json:"summary"`
	Public  bool   `json:"public"`
	Notify  bool   `json:"notify"` // send it to the unit's members as a notice
}

// statementDraft reads d's payload into the article it would publish.
func statementDraft(d *Decision) (*ArticleDraft, error) {
	const op = "propose decision"
	var p StatementPayload
	dec := json.NewDecoder(bytes.NewReader(d.Payload))
	dec.DisallowUnknownFields()
	if len(d.Payload) > 0 {
		if err := dec.Decode(&p); err != nil {
			return nil, FieldErrorf(Invalid, op, "payload", "a statement's payload is {\"summary\", \"public\", \"notify\"}")
		}
	}
	a := &ArticleDraft{Unit: d.Unit, Kind: KindStatement, Title: d.Title, Summary: p.Summary, Body: d.Text,
		Public: p.Public, Notify: p.Notify}
	return a, a.validate(op)
}

func checkStatement(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error {
	if d.Proposer == 0 {
		return Errorf(Invalid, "propose decision", "a statement is proposed by a member of the body, who is named as its author")
	}
	draft, err := statementDraft(d)
	if err != nil {
		return err
	}
	// The vote on a members-only statement is as internal as its text.
	d.Internal = !draft.Public
	return nil
}

func adoptStatement(a *App, ctx context.Context, tx Tx, d *Decision) error {
	draft, err := statementDraft(d)
	if err != nil {
		return err
	}
	body, err := tx.Body(ctx, d.Body)
	if err != nil {
		return err
	}
	u, err := tx.Unit(ctx, d.Unit)
	if err != nil {
		return err
	}
	art := &Article{Org: d.Org, Unit: d.Unit, Author: d.Proposer, Kind: KindStatement, Byline: body.Name + ", " + u.Name,
		Title: draft.Title, Summary: draft.Summary, Body: draft.Body, Public: draft.Public, Published: a.now()}
	if err := tx.CreateArticle(ctx, art); err != nil {
		return err
	}
	if draft.Notify {
		if err := a.noticeArticle(ctx, tx, art); err != nil {
			return err
		}
	}
	_, err = a.appendRecord(ctx, tx, change{Type: "article.published", Actor: System, Org: d.Org, Unit: d.Unit,
		Internal: !art.Public, Payload: map[string]any{"article": art.ID, "kind": art.Kind, "title": art.Title,
			"byline": art.Byline, "decision": d.ID, "notified": draft.Notify}})
	return err
}
