package plenum

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
	"unicode/utf8"
)

// Limits of evidence files.
const (
	MaxEvidenceSize  = 5 << 20 // bytes per file
	maxEvidenceFiles = 20      // per case
	maxFileName      = 200     // characters
)

// EvidenceTypes are the kinds of file a case accepts, told by their content
// rather than by what the uploader claims: documents and pictures that a
// browser shows without running anything.
var EvidenceTypes = []string{"application/pdf", "image/png", "image/jpeg", "text/plain; charset=utf-8"}

// evidenceType returns the type of data, "" when it is none of EvidenceTypes.
func evidenceType(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	case utf8.Valid(data) && !bytes.ContainsRune(data, 0):
		return "text/plain; charset=utf-8"
	}
	return ""
}

// AddEvidence attaches a file to a case. Who may call: an accuser before
// the decision, the accused and their assistant from admission to the
// decision, and any party on appeal. Errors: Invalid (name, size or type),
// NotFound, Forbidden, Conflict (not at a stage that takes evidence, or too
// many files).
func (a *App) AddEvidence(ctx context.Context, v *Viewer, id CaseID, name string, data []byte) (*Evidence, error) {
	const op = "add evidence"
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, `\`, "/")))
	typ := evidenceType(data)
	switch {
	case name == "" || name == "." || name == "/" || utf8.RuneCountInString(name) > maxFileName || !utf8.ValidString(name):
		return nil, FieldErrorf(Invalid, op, "name", "give the file a name of 1 to %d characters", maxFileName)
	case len(data) == 0:
		return nil, FieldErrorf(Invalid, op, "file", "the file is empty")
	case len(data) > MaxEvidenceSize:
		return nil, FieldErrorf(Invalid, op, "file", "the file is larger than %d MB", MaxEvidenceSize>>20)
	case typ == "":
		return nil, FieldErrorf(Invalid, op, "file", "evidence must be a PDF, PNG, JPEG or plain text file")
	}
	var e *Evidence
	_, err := a.caseStep(ctx, op, id, func(tx Tx, c *Case) error {
		if v.Member == nil || !c.Party(v.Member.ID) {
			return Errorf(Forbidden, op, "only the parties add evidence")
		}
		accuser := c.isAccuser(v.Member.ID)
		switch {
		case c.Status == CaseAppealed:
		case c.Status == CaseFiled && accuser, c.Status == CaseAdmitted:
		default:
			return Errorf(Conflict, op, "a case that is %s takes no evidence from you", c.Status)
		}
		files, err := tx.CaseEvidence(ctx, c.ID)
		if err != nil {
			return err
		}
		if len(files) >= maxEvidenceFiles {
			return Errorf(Conflict, op, "a case holds at most %d files", maxEvidenceFiles)
		}
		sum := sha256.Sum256(data)
		e = &Evidence{Case: c.ID, By: v.Member.ID, Name: name, Type: typ, Size: int64(len(data)), SHA256: sum[:],
			Added: a.now(), Data: data}
		if err := tx.AddEvidence(ctx, e); err != nil {
			return err
		}
		return a.recordCase(ctx, tx, c, "case.evidence", v.Actor(), map[string]any{"file": e.ID, "sha256": hex.EncodeToString(sum[:]),
			"size": e.Size, "type": e.Type})
	})
	return e, err
}

// EvidenceFile returns a file of a case with its data. Who may call: those
// who see the case's details (see CaseView). Errors: NotFound.
func (a *App) EvidenceFile(ctx context.Context, v *Viewer, id CaseID, file int64) (*Evidence, error) {
	var e *Evidence
	err := a.Store.View(ctx, func(tx Tx) error {
		c, err := tx.Case(ctx, id)
		if err != nil {
			return err
		}
		if acc, err := a.caseAccess(ctx, tx, v, c); err != nil || acc != AccessDetails {
			return notFoundUnless(err, "evidence", "no such file")
		}
		e, err = tx.EvidenceFile(ctx, id, file)
		return err
	})
	return e, wrap("evidence", err)
}
