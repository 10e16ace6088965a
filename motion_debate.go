package plenum

import (
	"context"
	"strings"
)

// MaxComment is the longest comment of a debate, in bytes.
const MaxComment = 20000

// PostComment adds the viewer's comment to a motion's debate: a reply to
// comment parent (zero for none) quoting a passage (optional). Who may
// call: an active member of the motion's unit, while the motion is before
// the body or being voted. Errors: NotFound; Conflict (the debate is
// closed); Invalid (text, parent).
func (a *App) PostComment(ctx context.Context, v *Viewer, id MotionID, parent CommentID, quote, text string) (*Comment, error) {
	const op = "post comment"
	text, quote = strings.TrimSpace(text), strings.TrimSpace(quote)
	if text == "" || len(text) > MaxComment || len(quote) > MaxComment {
		return nil, FieldErrorf(Invalid, op, "text", "write the comment, at most %d characters", MaxComment)
	}
	var c *Comment
	err := a.onMotion(ctx, v, id, op, func(tx Tx, m *Motion) error {
		if !m.Open() {
			return Errorf(Conflict, op, "the debate is closed: the motion is %s", m.Phase)
		}
		if parent != 0 {
			p, err := tx.Comment(ctx, parent)
			if err != nil || p.Motion != m.ID {
				return FieldErrorf(Invalid, op, "parent", "reply to a comment of this debate")
			}
		}
		c = &Comment{Motion: m.ID, Author: v.Member.ID, Name: v.Member.Name, Parent: parent, Quote: quote, Text: text, Created: a.now()}
		if err := tx.CreateComment(ctx, c); err != nil {
			return err
		}
		return a.recordMotion(ctx, tx, v.Actor(), m, "comment.posted", map[string]any{"comment": c.ID,
			"parent": c.Parent, "quote": c.Quote, "text": c.Text})
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return c, nil
}

// EditComment replaces the text of the viewer's comment; the earlier text
// is kept and shown as its history. Errors: NotFound; Forbidden (not the
// author); Conflict (hidden, or the debate closed); Invalid.
func (a *App) EditComment(ctx context.Context, v *Viewer, id CommentID, text string) error {
	const op = "edit comment"
	text = strings.TrimSpace(text)
	if text == "" || len(text) > MaxComment {
		return FieldErrorf(Invalid, op, "text", "write the comment, at most %d characters", MaxComment)
	}
	err := a.serialized(ctx, func(tx Tx) error {
		c, err := tx.Comment(ctx, id)
		if err != nil {
			return err
		}
		m, err := tx.Motion(ctx, c.Motion)
		if err != nil {
			return err
		}
		switch {
		case !v.SeesInternal(m.Unit):
			return Errorf(NotFound, op, "no such comment")
		case v.Member == nil || v.Member.ID != c.Author:
			return Errorf(Forbidden, op, "only the author may edit a comment")
		case c.Hidden != 0:
			return Errorf(Conflict, op, "a hidden comment cannot be edited")
		case !m.Open():
			return Errorf(Conflict, op, "the debate is closed")
		case text == c.Text:
			return nil
		}
		old := c.Text
		c.Text, c.Edited = text, a.now()
		if err := tx.UpdateComment(ctx, c, old); err != nil {
			return err
		}
		return a.recordMotion(ctx, tx, v.Actor(), m, "comment.edited", map[string]any{"comment": c.ID, "text": c.Text})
	})
	return wrap(op, err)
}

// checkHide lets a body of the comment's unit vote on hiding it, with a reason.
func checkHide(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error {
	const op = "hide comment"
	var p hidePayload
	if err := decode(d, &p); err != nil {
		return err
	}
	c, err := tx.Comment(ctx, p.Comment)
	if err != nil {
		return FieldErrorf(Invalid, op, "payload", "no such comment")
	}
	m, err := tx.Motion(ctx, c.Motion)
	if err != nil {
		return err
	}
	switch {
	case m.Unit != d.Unit:
		return FieldErrorf(Invalid, op, "body", "a comment is hidden by a body of its motion's unit")
	case strings.TrimSpace(p.Reason) == "":
		return FieldErrorf(Invalid, op, "payload", "give the reason the comment is to be hidden")
	case c.Hidden != 0:
		return Errorf(Conflict, op, "the comment is hidden already")
	}
	d.Subject, d.Internal = "comment:"+c.ID.String(), true
	return nil
}

// adoptHide hides the comment; its text stays in the store and the record.
func adoptHide(a *App, ctx context.Context, tx Tx, d *Decision) error {
	var p hidePayload
	if err := decode(d, &p); err != nil {
		return err
	}
	c, err := tx.Comment(ctx, p.Comment)
	if err != nil {
		return err
	}
	m, err := tx.Motion(ctx, c.Motion)
	if err != nil {
		return err
	}
	c.Hidden, c.Reason = d.ID, strings.TrimSpace(p.Reason)
	if err := tx.UpdateComment(ctx, c, c.Text); err != nil {
		return err
	}
	return a.recordMotion(ctx, tx, System, m, "comment.hidden", map[string]any{"comment": c.ID, "decision": d.ID, "reason": c.Reason})
}
