package plenum

import (
	"context"

	"plenum/i18n"
)

// LanguageStore keeps the language each member chose.
type LanguageStore interface {
	// MemberLang returns the member's language tag, "" if they chose none.
	MemberLang(ctx context.Context, m MemberID) (string, error)
	SetMemberLang(ctx context.Context, m MemberID, lang string) error
}

// Language returns the language v chose, "" for none (and for visitors and
// the operator, whose choice lives in a cookie of the web layer).
func (a *App) Language(ctx context.Context, v *Viewer) (string, error) {
	if v.Member == nil {
		return "", nil
	}
	var lang string
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		lang, err = tx.MemberLang(ctx, v.Member.ID)
		return err
	})
	return lang, wrap("language", err)
}

// SetLanguage records the language v chose for pages and email; "" returns
// to the browser's preference. Who may call: a member, for themselves. A
// preference is not a decision of the organization, so it is not recorded.
// Errors: Forbidden (not a member), Invalid (a language plenum does not speak).
func (a *App) SetLanguage(ctx context.Context, v *Viewer, lang string) error {
	const op = "set language"
	if v.Member == nil {
		return Errorf(Forbidden, op, "only members choose a language here")
	}
	if lang != "" && !a.speaks(lang) {
		return FieldErrorf(Invalid, op, "lang", "plenum does not speak %q", lang)
	}
	return wrap(op, a.Store.Update(ctx, func(tx Tx) error {
		return tx.SetMemberLang(ctx, v.Member.ID, lang)
	}))
}

// speaks reports whether lang is exactly one of the catalogs' languages.
func (a *App) speaks(lang string) bool {
	if a.I18n == nil {
		return false
	}
	for _, t := range a.I18n.Languages() {
		if t.String() == lang {
			return true
		}
	}
	return false
}

// localizer returns the Localizer for the first of langs that plenum speaks,
// else for the default language.
func (a *App) localizer(langs ...string) *i18n.Localizer {
	for _, l := range langs {
		if l != "" && a.speaks(l) {
			return a.I18n.Localizer(a.I18n.Negotiate(l, ""))
		}
	}
	return a.I18n.Localizer(i18n.Default)
}
