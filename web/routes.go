package web

import "net/http"

// routes lists every route of the server: pages, then the JSON API, then the
// instance's own endpoints. A page and its API route share their view.
func (s *Server) routes(m *router) {
	m.handle("GET /{$}", htmlPage(s, "home", instanceFrame, s.instanceHome))
	m.handle("GET /orgs/{org}", htmlPage(s, "org", orgFrame, s.orgHome))
	m.handle("GET /orgs/{org}/units", htmlPage(s, "units", unitsFrame, s.unitsTree))
	m.handle("GET /orgs/{org}/members", htmlPage(s, "members", directoryFrame, s.orgDirectory))
	m.handle("GET /units/{id}", htmlPage(s, "unit", unitFrame, s.unitPage))
	m.handle("GET /units/{id}/members", htmlPage(s, "members", directoryFrame, s.unitDirectory))
	m.handle("GET /offices/{id}", htmlPage(s, "office", officeFrame, s.officePage))
	m.handle("GET /units/{id}/elections", htmlPage(s, "elections", electionsFrame, s.unitElections))
	m.handle("GET /elections/{id}", htmlPage(s, "election", electionFrame, s.electionPage))
	m.handle("POST /elections/{id}/nominations", s.nominationSubmit(s.nominate))
	m.handle("POST /elections/{id}/nominations/{nid}/answer", s.nominationSubmit(s.answer))
	m.handle("POST /elections/{id}/nominations/{nid}/withdraw", s.nominationSubmit(s.withdraw))
	m.handle("POST /elections/{id}/nominations/{nid}/second", s.nominationSubmit(s.second))
	m.handle("POST /elections/{id}/nominations/{nid}/statement", s.nominationSubmit(s.statement))
	m.handle("GET /bodies/{id}/decisions", htmlPage(s, "decisions", decisionsFrame, s.bodyDecisions))
	m.handle("POST /bodies/{id}/decisions", s.decisionSubmit(s.propose, s.proposalAgain))
	m.handle("GET /decisions/{id}", htmlPage(s, "decision", decisionFrame, s.decisionPage))
	m.handle("POST /decisions/{id}/votes", s.decisionSubmit(onDecision(s.castVote), s.decisionAgain))
	m.handle("POST /decisions/{id}/close", s.decisionSubmit(onDecision(s.closeVote), s.decisionAgain))
	m.handle("POST /decisions/{id}/withdraw", s.decisionSubmit(onDecision(s.withdrawProposal), s.decisionAgain))
	m.handle("POST /decisions/{id}/dissents", s.decisionSubmit(onDecision(s.dissent), s.decisionAgain))
	m.handle("GET /units/{id}/articles", htmlPage(s, "articles", articlesFrame, s.unitArticles))
	m.handle("POST /units/{id}/articles", s.publishSubmit)
	m.handle("GET /units/{id}/articles.atom", s.unitFeed)
	m.handle("GET /articles/{id}", htmlPage(s, "article", articleFrame, s.articlePage))
	m.handle("GET /articles/{id}/print", s.printArticle)
	m.handle("POST /articles/{id}/email", s.shareSubmit)
	m.handle("POST /language", s.setLanguage)
	m.handle("POST /me/email", s.setMailSubmit)
	m.handle("GET /unsubscribe/{token}", htmlPage(s, "unsubscribe", unsubscribeFrame, s.unsubscribePage))
	m.handle("POST /unsubscribe/{token}", s.unsubscribe)
	m.handle("GET /me", htmlPage(s, "me", profileFrame, s.profilePage))
	m.handle("GET /login", s.loginPage)
	m.handle("POST /login", s.loginSubmit)
	m.handle("POST /logout", s.logout)
	m.handle("GET /invitations/{token}", htmlPage(s, "invitation", invitationFrame, s.invitation))
	m.handle("POST /invitations/{token}", s.acceptInvitation)
	m.handle("POST /members/{id}/invitations", s.inviteSubmit)
	m.handle("GET /record", htmlPage(s, "record", recordFrame, s.recordHTML))
	m.handle("GET /record/key", htmlPage(s, "record_key", recordKeyFrame, s.recordKeyView))

	m.handle("GET /api/v1/session", apiGet(s, s.apiSession))
	m.handle("POST /api/v1/session", s.apiLogin)
	m.handle("DELETE /api/v1/session", s.logout)
	m.handle("GET /api/v1/orgs", apiGet(s, s.instanceHome))
	m.handle("GET /api/v1/orgs/{org}", apiGet(s, s.orgHome))
	m.handle("GET /api/v1/orgs/{org}/units", apiGet(s, s.unitsTree))
	m.handle("GET /api/v1/orgs/{org}/members", apiGet(s, s.orgDirectory))
	m.handle("GET /api/v1/units/{id}", apiGet(s, s.unitPage))
	m.handle("GET /api/v1/units/{id}/members", apiGet(s, s.unitDirectory))
	m.handle("GET /api/v1/offices/{id}", apiGet(s, s.officePage))
	m.handle("GET /api/v1/units/{id}/elections", apiGet(s, s.unitElections))
	m.handle("GET /api/v1/elections/{id}", apiGet(s, s.electionPage))
	m.handle("POST /api/v1/elections/{id}/nominations", s.apiNomination(s.nominate, http.StatusCreated))
	m.handle("POST /api/v1/elections/{id}/nominations/{nid}/answer", s.apiNomination(s.answer, http.StatusOK))
	m.handle("POST /api/v1/elections/{id}/nominations/{nid}/withdraw", s.apiNomination(s.withdraw, http.StatusOK))
	m.handle("POST /api/v1/elections/{id}/nominations/{nid}/second", s.apiNomination(s.second, http.StatusOK))
	m.handle("POST /api/v1/elections/{id}/nominations/{nid}/statement", s.apiNomination(s.statement, http.StatusOK))
	m.handle("GET /api/v1/bodies/{id}/decisions", apiGet(s, s.bodyDecisions))
	m.handle("POST /api/v1/bodies/{id}/decisions", s.apiDecision(s.propose, http.StatusCreated))
	m.handle("GET /api/v1/decisions/{id}", apiGet(s, s.decisionPage))
	m.handle("POST /api/v1/decisions/{id}/votes", s.apiDecision(onDecision(s.castVote), http.StatusOK))
	m.handle("POST /api/v1/decisions/{id}/close", s.apiDecision(onDecision(s.closeVote), http.StatusOK))
	m.handle("POST /api/v1/decisions/{id}/withdraw", s.apiDecision(onDecision(s.withdrawProposal), http.StatusOK))
	m.handle("POST /api/v1/decisions/{id}/dissents", s.apiDecision(onDecision(s.dissent), http.StatusCreated))
	m.handle("GET /api/v1/units/{id}/articles", apiGet(s, s.unitArticles))
	m.handle("POST /api/v1/units/{id}/articles", s.apiPublish)
	m.handle("GET /api/v1/articles/{id}", apiGet(s, s.articlePage))
	m.handle("POST /api/v1/articles/{id}/email", s.apiShare)
	m.handle("POST /api/v1/me/settings", s.apiSettings)
	m.handle("GET /api/v1/me", apiGet(s, s.profilePage))
	m.handle("GET /api/v1/invitations/{token}", apiGet(s, s.invitation))
	m.handle("POST /api/v1/invitations/{token}", s.apiAcceptInvitation)
	m.handle("POST /api/v1/members/{id}/invitations", s.apiInvite)
	m.handle("GET /api/v1/record", apiGet(s, s.recordList))
	m.handle("GET /api/v1/record/key", apiGet(s, s.recordKeyView))
	m.handle("GET /api/v1/openapi.json", serveOpenAPI)

	m.handle("GET /healthz", s.healthz)
	m.handle("GET /metrics", s.serveMetrics)
	m.handle("GET /static/{file}", s.static.serve)
	m.handle("/", func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, errNotFound) })
}

// router is a ServeMux that remembers its patterns, so that tests can hold
// the routes against the OpenAPI document.
type router struct {
	mux      *http.ServeMux
	patterns []string
}

func (m *router) handle(pattern string, h http.HandlerFunc) {
	m.mux.HandleFunc(pattern, h)
	m.patterns = append(m.patterns, pattern)
}
