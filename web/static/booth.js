// plenum's voting booth. The ballot is encrypted and signed in this browser
// by plenum's own Go code compiled to WebAssembly (booth.wasm, from
// cmd/booth); the server only ever receives the ciphertexts. The voter may
// audit ballots (the device must show it encrypted their choices
// faithfully: the audited ballot is opened, checked and never cast) as
// often as they like, then cast one, and gets its tracker. Before the vote,
// a member may make their own credential here instead of taking the one
// plenum would issue: only its public half leaves the device.
"use strict";

(() => {
  const form = document.getElementById("booth");
  const make = document.getElementById("make-credential");
  if (!form || (!document.getElementById("cast") && !make)) return; // nothing to do now
  const text = JSON.parse(document.getElementById("booth-text").textContent);
  const status = document.getElementById("booth-status");
  const buttons = document.querySelectorAll("#audit, #cast, #make-credential");
  const kind = form.dataset.kind; // "single", "multi" or "rank"
  const min = Number(form.dataset.min), max = Number(form.dataset.max);
  let params = null; // the booth parameters, as text for the WebAssembly

  const say = (msg, error) => {
    status.textContent = msg;
    status.className = error ? "notice error" : "notice";
    status.hidden = false;
  };
  const busy = (on) => buttons.forEach((b) => { b.disabled = on; });
  const format = (s, ...args) => args.reduce((acc, a) => acc.replace("%d", a), s);

  // wasm calls a function of the booth and returns its answer, or throws
  // its error.
  const wasm = (name, ...args) => {
    const out = JSON.parse(globalThis.plenumBooth[name](...args));
    if (out.error) throw new Error(out.error);
    return out;
  };

  // choice returns the voter's choice as option indexes (a ranking from
  // the first preference down), or throws what is wrong with it.
  const choice = () => {
    if (kind === "rank") {
      const ranked = [...form.querySelectorAll("select[data-option]")]
        .filter((s) => s.value !== "")
        .map((s) => ({ option: Number(s.dataset.option), rank: Number(s.value) }))
        .sort((a, b) => a.rank - b.rank);
      ranked.forEach((r, i) => {
        if (r.rank !== i + 1) throw new Error(format(text.rank_gap, i + 1));
      });
      if (ranked.length < min || ranked.length > max) throw new Error(format(text.count, min, max));
      return ranked.map((r) => r.option);
    }
    const marked = [...form.querySelectorAll("input[data-option]:checked")].map((i) => Number(i.dataset.option)).sort((a, b) => a - b);
    if (marked.length < min || marked.length > max) throw new Error(format(text.count, min, max));
    return marked;
  };

  const credential = () => {
    const c = form.dataset.credential || (document.getElementById("credential") || {}).value || "";
    if (!c.trim()) throw new Error(text.no_credential);
    return c.trim();
  };

  // post sends body (a ballot's line is sent as it is) and returns the
  // server's answer, or throws the server's error message.
  const post = async (url, body) => {
    const resp = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body,
    });
    const answer = await resp.json().catch(() => ({}));
    if (!resp.ok) throw new Error((answer.error && answer.error.message) || resp.statusText);
    return answer;
  };

  const encrypt = () => wasm("encrypt", params, credential(), JSON.stringify([choice()]));

  const names = {};
  form.querySelectorAll("[data-name]").forEach((el) => { names[el.dataset.name] = el.textContent; });

  // audit encrypts the choice, opens it and checks it, shows what it holds
  // and publishes it: that ballot is spoiled, the next one is new.
  const audit = async () => {
    const b = encrypt();
    const check = wasm("checkAudit", params, b.audit);
    const section = document.getElementById("audit-result");
    const list = section.querySelector("#audit-choices");
    list.replaceChildren(...check.choices[0].map((o) => {
      const li = document.createElement("li");
      li.textContent = names[o];
      return li;
    }));
    if (check.choices[0].length === 0) list.replaceChildren(Object.assign(document.createElement("li"), { textContent: text.blank }));
    section.querySelector("#audit-tracker").textContent = check.tracker;
    section.querySelector("#audit-line").value = b.audit;
    section.hidden = false;
    let published = "";
    if (form.dataset.audit) {
      await post(form.dataset.audit, b.audit);
      published = " " + text.audit_published;
    }
    say(text.audit_done + published);
    section.scrollIntoView();
  };

  const cast = async () => {
    const b = encrypt();
    const r = await post(form.dataset.cast, b.ballot);
    if (r.tracker && r.tracker !== b.tracker) throw new Error(text.tracker_mismatch);
    form.hidden = true;
    document.getElementById("audit-result").hidden = true;
    const receipt = document.getElementById("receipt");
    receipt.querySelector("#tracker").textContent = b.tracker;
    receipt.hidden = false;
    status.hidden = true;
    receipt.scrollIntoView();
  };

  const run = (f) => async (ev) => {
    ev.preventDefault();
    busy(true);
    say(text.working);
    try {
      // Let the page show the message: encrypting holds the thread.
      await new Promise((r) => setTimeout(r, 20));
      await f();
    } catch (e) {
      say(text.error + " " + e.message, true);
    } finally {
      busy(false);
    }
  };
  // makeCredential registers the public half of a new credential and
  // shows the voter its secret, which nobody else ever holds.
  const makeCredential = async () => {
    const c = wasm("newCredential", params);
    await post(make.dataset.register, JSON.stringify({ credential: c.public }));
    document.getElementById("own-secret-value").textContent = c.secret;
    document.getElementById("own-secret").hidden = false;
    make.remove();
    say(text.own_done);
  };

  if (make) {
    make.addEventListener("click", run(makeCredential));
  } else {
    document.getElementById("audit").addEventListener("click", run(audit));
    form.addEventListener("submit", run(cast));
  }

  // Start: fetch the parameters and the WebAssembly, then let the voter act.
  busy(true);
  say(text.loading);
  (async () => {
    const go = new Go();
    const [p, w] = await Promise.all([
      fetch(form.dataset.params, { credentials: "same-origin", headers: { Accept: "application/json" } }).then((r) => {
        if (!r.ok) throw new Error(r.statusText);
        return r.text();
      }),
      WebAssembly.instantiateStreaming(fetch(form.dataset.wasm), go.importObject),
    ]);
    go.run(w.instance);
    params = p;
    busy(false);
    if (make) status.hidden = true;
    else say(text.ready);
  })().catch((e) => say(text.error + " " + e.message, true));
})();
