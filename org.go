package plenum

import (
	"strings"
	"time"
)

// Organization is one member-run organization hosted by the instance. Its
// rules are its constitution, kept as the YAML source it was founded with.
type Organization struct {
	ID           OrgID
	Slug         string // URL name, unique in the instance, e.g. "riverside-tenants-union"
	Name         string
	Constitution string // the YAML source
	Created      time.Time
}

// Unit is a node of an organization's tree (national > region > district >
// branch, any depth). Members belong to leaf units.
type Unit struct {
	ID     UnitID
	Org    OrgID
	Parent UnitID // zero for a root unit
	Name   string
	Path   string // names from the root joined by "/", unique in the organization
	Depth  int    // 0 for a root
	Leaf   bool   // has no children; only leaf units have members
}

// Slugify turns a name into a URL name: lower-case letters and digits joined
// by single hyphens.
func Slugify(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
			// "Tenants' Union" -> "tenants-union", not "tenants--union"
		default:
			hyphen = true
		}
	}
	return b.String()
}
