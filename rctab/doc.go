// Package rctab reads the contest configurations of RCTab, the Ranked
// Choice Voting Resource Center's certified tabulator, and the cast-vote
// records they name, so that plenum counts a US ranked-choice contest
// exactly as RCTab would.
//
// # Configurations
//
// [LoadConfig] reads an RCTab "_config.json": its sources, candidates (with
// aliases, and those excluded) and rules. Every error names the field at
// fault. [Config.Contest] reads the records into a [count.Profile] and the
// rules into [count.IRVOptions]; [Run] does it all from a path and counts.
//
// # Cast-vote records
//
// One reader per provider RCTab supports, each streaming its input and
// aggregating identical records into one weighted ballot:
//
//   - ess: ES&S workbooks (.xlsx), one row per ballot, one column per rank;
//   - cdf: NIST SP 1500-103 Common Data Format, JSON or XML;
//   - dominion: a Dominion export folder (CvrExport*.json);
//   - hart: a folder of Hart XML records;
//   - clearBallot: Clear Ballot's RCV CSV;
//   - genericCsv: RCTab's own CSV, one column per candidate.
//
// Errors name the file and the line, record or sheet and cell. Records that
// name a candidate the configuration does not know are refused, listing
// every such name, as RCTab refuses them.
//
// # Fidelity
//
// The package and count's instant runoff are checked against all of
// RCTab's regression cases (testdata/rctab; docs/validation.md), including
// its 1,041,313-ballot scale case.
package rctab
