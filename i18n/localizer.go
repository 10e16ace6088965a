package i18n

import (
	"strconv"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Localizer speaks one language. Templates call its methods, for example
// {{.L.T "nav.record"}} or {{.L.Date .Article.Published}}. It is safe for
// concurrent use.
type Localizer struct {
	tag  language.Tag
	p    *message.Printer
	keys map[string]bool
}

// Lang is the BCP 47 tag, for <html lang> and Content-Language.
func (l *Localizer) Lang() string { return l.tag.String() }

// Tag is the language spoken.
func (l *Localizer) Tag() language.Tag { return l.tag }

// T translates key with args in the manner of fmt.Sprintf; numbers among args
// are formatted for the language. An unknown key comes back as itself, so that a
// missing message shows plainly on the page instead of failing the request
// (the catalogs' tests keep the known keys complete).
func (l *Localizer) T(key string, args ...any) string {
	if !l.keys[key] {
		return key
	}
	return l.p.Sprintf(key, args...)
}

// Has reports whether key is a message of the catalogs.
func (l *Localizer) Has(key string) bool { return l.keys[key] }

// Number formats n (an integer or a float) with the language's digit grouping
// and decimal separator.
func (l *Localizer) Number(n any) string { return l.p.Sprint(n) }

// Date formats the calendar date of t in UTC, for example "25 November 2026"
// or "25 de noviembre de 2026".
func (l *Localizer) Date(t time.Time) string { return l.date(t.UTC()) }

// DateTime formats t to the minute in loc (UTC when loc is nil), naming the
// zone: "25 November 2026, 14:05 UTC".
func (l *Localizer) DateTime(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	return l.T("format.datetime", l.date(t), t.Format("15:04"), t.Format("MST"))
}

func (l *Localizer) date(t time.Time) string {
	month := l.T("month." + strconv.Itoa(int(t.Month())))
	// Day and year go in as strings: as numbers the printer would group a
	// year's digits ("2,026").
	return l.T("format.date", strconv.Itoa(t.Day()), month, strconv.Itoa(t.Year()))
}
