// Package secretballot is plenum's end-to-end verifiable secret ballot: the
// election manifest, voters' credentials, encrypted ballots with their proofs,
// the homomorphic tally and its threshold decryption, and the election record
// that lets anyone check all of it.
//
// # Trust
//
// No single party can learn a vote. Ballots are encrypted under a key that a
// threshold of trustees generated together (crypto/dkg); decryption needs
// Threshold of them and only the sums are ever decrypted. Ballots are signed
// with a per-voter credential whose public half is published before voting,
// so the server cannot add ballots for members who did not vote: it never sees
// the secret credentials (Belenios's design).
//
// # The record
//
// The election record is a directory of event files forming a hash chain
// (docs/election-record.md describes every field). Writer appends events;
// Verify reads a record from an fs.FS and checks every signature, proof and
// sum, recomputing the result. Decoders are strict: any encoding that is not
// the canonical one is rejected, so that a changed byte anywhere is caught.
package secretballot
