// Package i18n translates plenum's pages and emails and formats dates and
// numbers for the reader's language. English and Spanish ship complete; a new
// language is one more folder of catalogs in locales/.
//
// # Choice of library
//
// Catalogs are held by golang.org/x/text/message/catalog and rendered by
// x/text/message's Printer, rather than by github.com/nicksnyder/go-i18n. The
// matching of Accept-Language needs golang.org/x/text/language in either case,
// and x/text's Printer also formats the numbers inside every message by the
// locale's CLDR rules (1,234 in English, 1234 and 12.345 in Spanish) and selects
// plural forms by CLDR plural rules. go-i18n would add a second dependency for
// catalogs alone and still leave number formatting to x/text. x/text's own
// catalog files (gotext's JSON) need a code generator; plenum keeps its catalogs
// as plain embedded JSON that a translator edits directly and loads them at
// start, so a broken catalog stops the server at once instead of at a request.
//
// # Catalog format
//
// locales/LANG/ holds one file per part of plenum (core.json, elections.json,
// ...), each a flat JSON object from message key to message; a key may be
// defined in one file only. A
// message is a format string in the manner of fmt (%s, %d, %[2]s) or, where the
// wording depends on a count, an object of CLDR plural cases ("=0", "one",
// "other", ...) selected by the message's first argument. The English catalog
// defines the keys; every other catalog must translate every one of them with
// the same arguments (TestCatalogsComplete).
//
// # Dates
//
// x/text does not format dates, so the catalogs carry month names (month.1 to
// month.12) and the order of day, month and year (format.date), and the
// Localizer assembles them. Times are shown in UTC unless a location is given.
package i18n
