// Package count counts ballots: plurality, block, approval, referendum,
// instant-runoff, single transferable vote (Scottish, weighted inclusive
// Gregory, Meek), Schulze and ranked pairs.
//
// # Input
//
// Every method takes a [Profile]: the candidates, those withdrawn before the
// count, the seats to fill and the ballots. A [Ballot] keeps what the voter
// marked at each rank, skipped ranks and overvotes included, because the
// rules of instant-runoff differ in what they do with them; identical
// ballots are aggregated with a [Ballot.Weight] so a million voters never
// need a million values. Large profiles hold their ballots in a [Packed]
// instead (flat arrays, built by a [Packer] that merges identical ballots
// as they come), which IRV and Meek count in place; [Profile.All] yields
// the ballots of either form.
//
// # Output
//
// Every method returns a [Report]: the elected in order of election, the
// full order of finish, and the count round by round (each candidate's
// votes, the quota, exhausted votes, transfers from whom to whom, who was
// elected or eliminated and why, and every tie and how it was broken).
//
// # Arithmetic
//
// Rules that work to a fixed number of decimal places (the Scottish order
// truncates to five, the PR Foundation's Meek rule to nine) count in
// [Fixed] arithmetic, exact integers scaled by a power of ten, with the
// rounding the rules prescribe; exact Meek counts in big rationals. Reports
// carry each figure as a [Number], exact and printed to the precision of the
// rule. No figure where rounding matters is ever a float.
//
// The package does no I/O and imports nothing else of plenum.
package count
