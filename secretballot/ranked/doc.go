// Package ranked is the ranked ballot of plenum's secret ballot, for
// instant-runoff, STV and Schulze elections: a voter's ranking packed into
// group elements (Ranking.Elements), encrypted with a proof of knowledge
// of the randomness bound to the voter's credential and the election
// (Encrypt), and, after the trustees' mixes and the decryption, read back
// (Decode), checked (Ranking.Check) and handed to the counting engine
// (Ranking.Ballot).
//
// Ranked ballots cannot be added up while encrypted, so they are not
// tallied homomorphically: each trustee shuffles them in turn
// (crypto/shuffle), and only the last mix's output is decrypted, which
// breaks the link between a voter and their ranking if one trustee is
// honest.
//
// # Encoding
//
// A ranking gives each candidate a rank from 1 (unranked: 0), stored in
// bits.Len(candidates) bits per candidate, little-endian, and padded with
// zeros to whole elements of PayloadSize bytes. Each element is embedded
// in the group by try-and-increment with the least counter that works (see
// embed.go). Decoding accepts exactly what encoding produces: the right
// number of elements, the least counter, ranks within 0..candidates and
// zero padding. Anything else, which only a voter who built their ballot
// by hand can cast, is an invalid ballot.
package ranked
