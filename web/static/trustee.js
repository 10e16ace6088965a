// plenum's trustee page. The trustee's work (the key ceremony, the mix of
// ranked ballots, the decryption of the tally) runs in this browser, by
// plenum's own Go code compiled to WebAssembly (trustee.wasm, from
// cmd/trustee), the code plenum trustee run runs. The trustee's state (their
// keys, then their share of the election key) is sealed with their
// passphrase on this device, kept in this browser's storage and offered as
// a file to download; it is never sent to the server, which receives only
// public, signed messages.
"use strict";

(() => {
  const form = document.getElementById("trustee");
  if (!form) return; // nothing to do now
  const text = JSON.parse(document.getElementById("trustee-text").textContent);
  const status = document.getElementById("trustee-status");
  const log = document.getElementById("trustee-log");
  const run = document.getElementById("run");
  const forget = document.getElementById("forget");
  const pass = document.getElementById("passphrase");
  const pass2 = document.getElementById("passphrase2");
  const download = document.getElementById("download");
  // The sealed state's place in this browser: one per site, election and
  // member.
  const key = `plenum.trustee.${form.dataset.election}.${form.dataset.member}`;
  let passes = 0;

  const say = (msg, error) => {
    status.textContent = msg;
    status.className = error ? "notice error" : "notice";
    status.hidden = false;
  };
  const note = (msg) => {
    const li = document.createElement("li");
    li.textContent = msg;
    log.append(li);
  };

  // show says whether a state is kept here, and offers it as a file.
  const show = () => {
    const state = localStorage.getItem(key);
    document.getElementById("kept").hidden = !state;
    document.getElementById("none").hidden = !!state;
    document.getElementById("confirm").hidden = !!state || !("fresh" in form.dataset);
    forget.hidden = !state;
    if (download.href.startsWith("blob:")) URL.revokeObjectURL(download.href);
    if (state) {
      const bytes = Uint8Array.from(atob(state), (c) => c.charCodeAt(0));
      download.href = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
    }
  };

  // A state file loaded from this device (from another browser, or from
  // plenum trustee run) replaces the one kept here.
  document.getElementById("state-file").addEventListener("change", async (ev) => {
    const file = ev.target.files[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = "";
    bytes.forEach((b) => { bin += String.fromCharCode(b); });
    localStorage.setItem(key, btoa(bin));
    show();
    say(text.loaded);
  });

  forget.addEventListener("click", () => {
    if (!confirm(text.forget_confirm)) return;
    localStorage.removeItem(key);
    show();
    say(text.forgotten);
  });

  // refresh shows where the election stands now: the same section of this
  // page, fetched again.
  const refresh = async () => {
    const resp = await fetch(location.href, { credentials: "same-origin" });
    const fresh = new DOMParser().parseFromString(await resp.text(), "text/html").getElementById("stands");
    if (resp.ok && fresh) document.getElementById("stands").replaceWith(fresh);
  };

  const report = (json) => {
    const r = JSON.parse(json);
    if (r.sent) {
      note(text["sent." + r.sent] || r.sent);
      return;
    }
    passes++;
    status.dataset.passes = passes;
    let msg = (text["wait." + r.wait] || "").replace("%s", r.detail);
    if (r.done) msg += " " + text.done;
    say(msg);
    refresh().catch(() => {});
  };

  const save = (state) => {
    localStorage.setItem(key, state);
    show();
    note(text.saved);
  };

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const state = localStorage.getItem(key) || "";
    if (!pass.value) return say(text.passphrase, true);
    if (!state && !("fresh" in form.dataset)) return say(text.no_state, true);
    if (!state && pass.value !== pass2.value) return say(text.mismatch, true);
    run.disabled = true;
    say(text.working);
    try {
      const config = JSON.stringify({ election: Number(form.dataset.election), passphrase: pass.value, state,
        work_factor: Number(form.dataset.workFactor || 0) });
      await globalThis.plenumTrustee.run(config, save, report);
    } catch (e) {
      say(text.error + " " + e.message, true);
    } finally {
      run.disabled = false;
    }
  });

  // Start: fetch the WebAssembly, then let the trustee act.
  document.getElementById("work").hidden = false;
  show();
  say(text.loading);
  (async () => {
    const go = new Go();
    const w = await WebAssembly.instantiateStreaming(fetch(form.dataset.wasm), go.importObject);
    go.run(w.instance);
    run.disabled = false;
    say(text.ready);
  })().catch((e) => say(text.error + " " + e.message, true));
})();
