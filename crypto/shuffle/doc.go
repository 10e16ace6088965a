// Package shuffle is a verifiable re-encryption mix: it permutes and
// re-encrypts rows of ElGamal ciphertexts and proves, in zero knowledge, that
// the output is a re-encrypted permutation of the input, with the
// Terelius-Wikström proof of shuffle.
//
// # The algorithm
//
// The algorithm is the one of the CHVote specification (GenShuffle,
// GenShuffleProof, CheckShuffleProof; Haenni, Koenig, Locher, Dubuis, ePrint
// 2017/325), which the Belenios specification also uses,
// generalised to rows of w ciphertexts as in Verificatum and Haines'
// description (arXiv 1901.08371): one permutation moves whole rows, every
// ciphertext of a row gets its own re-encryption randomness, and the
// randomness commitment ω4 and response s4 become vectors of length w.
// It is written here additively, over ristretto255 (order q), with base point
// G and election key Y. A ciphertext is (α, β) = (r·G, M + r·Y), the (A, B)
// of crypto/elgamal.
//
// Generators. H and H_1..H_N are derived by hashing the election fingerprint
// and an index to the group (group.DeriveGenerator), so nobody knows a
// discrete-log relation between them, G and each other: a mixer who knew one
// could open the permutation commitment to two permutations and forge a proof
// (Haines, Lewis, Pereira, Teague, S&P 2020, on the Scytl mix-net).
//
// Shuffle. The mixer draws a permutation ψ of 1..N and randomness r'_{i,k},
// and outputs row i as row ψ(i) of the input re-encrypted:
//
//	α'_{i,k} = α_{ψ(i),k} + r'_{i,k}·G,   β'_{i,k} = β_{ψ(i),k} + r'_{i,k}·Y.
//
// Proof (prover, who knows ψ and r'):
//
//  1. Permutation commitment: for each i, with j = ψ(i), draw r_j and set
//     c_j = r_j·G + H_i.
//  2. Challenges u_1..u_N = hash(statement, c), where the statement is the
//     context below, Y, N, w, every input and output ciphertext.
//     Let u'_i = u_{ψ(i)}.
//  3. Commitment chain: ĉ_0 = H and ĉ_i = r̂_i·G + u'_i·ĉ_{i-1}. The prover
//     computes it in closed form, ĉ_i = R_i·G + U_i·H with
//     R_i = r̂_i + u'_i·R_{i-1}, U_i = u'_i·U_{i-1} (R_0 = 0, U_0 = 1), so that
//     every ĉ_i is two fixed-base multiplications and the rows can be done
//     in parallel.
//  4. Draw ω1, ω2, ω3, ω4_1..ω4_w, ω̂_i, ω'_i and commit:
//     t1 = ω1·G, t2 = ω2·G, t3 = ω3·G + Σ ω'_i·H_i,
//     t4α_k = -ω4_k·G + Σ_i ω'_i·α'_{i,k},
//     t4β_k = -ω4_k·Y + Σ_i ω'_i·β'_{i,k},
//     t̂_i = ω̂_i·G + ω'_i·ĉ_{i-1} (again in closed form).
//  5. Challenge c = hash(statement, c, ĉ, t1, t2, t3, t4α, t4β, t̂).
//  6. Responses, with r̄ = Σ r_j, r̂ = R_N (= Σ r̂_i Π_{l>i} u'_l),
//     r̃ = Σ r_j u_j, r'_k = Σ_i r'_{i,k} u'_i:
//     s1 = ω1 - c·r̄, s2 = ω2 - c·r̂, s3 = ω3 - c·r̃, s4_k = ω4_k - c·r'_k,
//     ŝ_i = ω̂_i - c·r̂_i, s'_i = ω'_i - c·u'_i.
//
// The proof is (c_1..c_N, ĉ_1..ĉ_N, t1, t2, t3, t4α, t4β, t̂_1..t̂_N, s1, s2,
// s3, s4, ŝ_1..ŝ_N, s'_1..s'_N); the verifier recomputes u and c from it.
//
// Verification: with c̄ = Σ c_i - Σ H_i, ĉ = ĉ_N - (Π u_i)·H,
// c̃ = Σ u_i·c_i, α̃_k = Σ u_i·α_{i,k}, β̃_k = Σ u_i·β_{i,k}, check
//
//	t1    = c·c̄ + s1·G
//	t2    = c·ĉ + s2·G
//	t3    = c·c̃ + s3·G + Σ s'_i·H_i
//	t4α_k = c·α̃_k - s4_k·G + Σ s'_i·α'_{i,k}
//	t4β_k = c·β̃_k - s4_k·Y + Σ s'_i·β'_{i,k}
//	t̂_i   = c·ĉ_i + ŝ_i·G + s'_i·ĉ_{i-1}      (i = 1..N)
//
// All N + 3 + 2w equations are checked at once: each is multiplied by an
// independent random weight drawn by the verifier after it has read the
// whole proof, and the sum is one multi-scalar multiplication that must give
// the identity, with (4 + 4w)·N + 2w + 6 terms (G, Y and H once each). A
// false equation survives with probability about 2^-252. The
// multiplication runs over chunks of rows, in parallel, and each chunk is
// decoded from its encoding only when it is used, so that memory holds the
// encodings once and a chunk of points at a time.
//
// # Fiat-Shamir
//
// Both challenges come from crypto/transcript, which starts with its
// version, the group, the tag "plenum/shuffle/v1" and the election
// fingerprint, and frames every item with its label and length. The
// statement absorbed before u is then: the context (the mix's place in the
// election), Y, n, w, every input row, every output row, and c_1..c_N; u
// is drawn from it as n successive challenges. The transcript then absorbs
// ĉ, t1, t2, t3, t4α, t4β and t̂ before c, so that c depends on every
// public input and every commitment ("strong" Fiat-Shamir; Bernhard,
// Pereira, Warinschi, ASIACRYPT 2012).
//
// # What else Verify rejects, and what it cannot
//
// Besides a proof that fails, Verify rejects an output ciphertext whose A
// equals that of an input ciphertext: a mixer that re-encrypts with 0
// gives a sound proof but links its output to its input. A mixer that
// reuses one non-zero re-encryption randomness on several rows, or leaks
// its permutation, cannot be caught from the record; privacy rests on one
// mixer being honest, as in every re-encryption mix-net.
//
// # Side channels
//
// Everything the prover multiplies by a secret (re-encryption, the
// commitments, ω'_i times the output and the generators for t3 and t4)
// runs in constant time; only the verifier, whose inputs are all public,
// uses the variable-time multi-scalar multiplication. The prover's secret
// values come from one seed through a keyed hash (see secrets), so it
// stores none of them.
package shuffle
