// Package mail composes plenum's emails and delivers them over SMTP from a
// durable outbox.
//
// # Delivery
//
// Nothing is sent from a request. The domain enqueues a Message in its Outbox
// in the same transaction as the state change that calls for it (an
// invitation, an election notice), so that a message exists if and only if the
// change was committed. A Worker then claims due messages with a lease, sends
// them with a Sender, and marks each sent, reschedules it with exponential
// backoff, or gives up after MaxAttempts keeping the last error. A crash or an
// SMTP outage therefore loses nothing: an unsent message is claimed again when
// its lease runs out.
//
// # Sending nothing twice
//
// A lease keeps two workers (on one node or several) from sending the same
// message, and the lease outlives the SMTP timeout by a wide margin, so a
// worker that still holds the message when its send times out has not lost it
// to another. One window cannot be closed by any sender: a crash after the SMTP
// server accepted the message and before Sent was recorded. The message is then
// sent again when the lease expires, with the same Message-ID, which is fixed
// when the message is enqueued; mail systems and clients recognize the second
// copy by that id.
//
// # Composition
//
// Each message goes to one recipient (so that each carries its own
// unsubscribe link), as plain text with an optional HTML alternative, both
// quoted-printable UTF-8; non-ASCII subjects and names are RFC 2047 encoded
// words. Every kind of message a member may opt out of carries List-Unsubscribe
// and one-click List-Unsubscribe-Post headers (RFC 2369, RFC 8058); notices the
// rules require (such as the notice of an election in which the member votes)
// carry none.
package mail
