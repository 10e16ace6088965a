// Package plenum is the domain of plenum, self-government software for
// member-run organizations: organizations and their unit trees, members and
// memberships, bodies, offices and terms, accounts and sessions, and the
// rules (DESIGN.md, R1-R12) that govern them.
//
// # Calling the domain
//
// The web layer and the command line call the methods of App, never the
// Store. Each method takes the Viewer who asks (from App.Authenticate, or
// CommandLine for the plenum command), checks what that viewer may do (see
// Viewer for the rules), runs in one transaction, and appends every change
// it makes to the record (package record) in that same transaction, so that
// a change and its record entry are stored together or not at all.
//
// # Errors
//
// Methods return *Error (or Errors, a list naming the lines of an input
// file) with a Kind the web layer maps to a status: Invalid, NotFound,
// Forbidden, Conflict, RateLimited, Internal. ErrorMessage gives the text a
// user may see; Internal errors show "internal error" and keep their cause for
// the log. Where a viewer may not even know a thing exists (a member of
// another unit), methods answer NotFound rather than Forbidden.
//
// # What a viewer sees
//
//   - public: organizations, the unit tree, unit pages (bodies, offices,
//     current holders), office pages (holders, terms, pay,
//     incompatibilities), the public entries of the record: App.Orgs,
//     App.Org, App.UnitTree, App.Unit, App.Office, App.Record;
//   - members: the member directory of their units and their ancestors
//     (App.Directory, keyset-paginated and indexed), internal record
//     entries of those units, their own profile (App.Profile);
//   - officers (holders of a current term): the directory of every unit
//     below theirs, and invitations for those units' members (App.Invite);
//   - the operator: what visitors see, founding organizations and inviting
//     the holders of founding mandates; no member data.
//
// # Accounts
//
// Passwords are hashed with argon2id (RFC 9106 parameters) and compared in
// constant time. Sessions and invitations are random 256-bit tokens of
// which the database keeps only a SHA-256 hash. Login counts failures per
// email and per client address (LoginLimiter) and answers RateLimited past
// the limit; it answers the same for an unknown email and a wrong password.
//
// # Time and randomness
//
// App.Now and App.Rand are injected; tests set them for reproducible runs.
package plenum
