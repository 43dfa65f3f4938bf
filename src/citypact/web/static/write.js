"use strict";
// Writes from the browser: the token the user types is sent as a Bearer header (never stored
// in a cookie, kept only in this tab's sessionStorage); answers are shown with textContent.
(function () {
  var KEY = "citypact-token";

  function remember(form) {
    var input = form.elements.token;
    if (!input.value) { input.value = sessionStorage.getItem(KEY) || ""; }
    form.addEventListener("input", function () { sessionStorage.setItem(KEY, input.value); });
  }

  function send(url, init, token) {
    init.headers = Object.assign({ Authorization: "Bearer " + token, Accept: "application/json" }, init.headers || {});
    return fetch(url, init).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error((body.error && body.error.message) || ("HTTP " + r.status)); }
        return body;
      });
    });
  }

  function say(element, text, ok) {
    element.textContent = text;
    element.className = "result " + (ok ? "ok" : "failed");
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href; a.textContent = text;
    return a;
  }

  var upload = document.getElementById("upload-form");
  if (upload) {
    remember(upload);
    upload.addEventListener("submit", function (event) {
      event.preventDefault();
      var out = document.getElementById("upload-result");
      var body = new FormData();
      body.append("file", upload.elements.file.files[0]);
      if (upload.elements.published.value) { body.append("published", upload.elements.published.value); }
      say(out, "Analysing…", true);
      send("/api/documents", { method: "POST", body: body }, upload.elements.token.value).then(function (r) {
        var found = r.extraction.partnerships.length;
        say(out, (r.new_document ? "Stored" : "Already known") + ": " + found + " partnership(s) found. ", true);
        out.appendChild(link("/documents/" + r.document_id, "the document"));
        r.partnership_ids.forEach(function (id) { out.appendChild(document.createTextNode(" · ")); out.appendChild(link("/partnerships/" + id, "#" + id)); });
      }).catch(function (error) { say(out, error.message, false); });
    });
  }

  // the API takes each field in its own form: themes as a list, a term in years as a number,
  // and null to clear a date or a term
  function editValue(field, text) {
    if (field === "themes") { return text.split(",").map(function (t) { return t.trim(); }).filter(Boolean); }
    if (field === "duration_years") { return text ? Number(text) : null; }
    if (field === "date") { return text || null; }
    return text;
  }

  var curate = document.getElementById("curate-form");
  if (curate) {
    remember(curate);
    curate.addEventListener("submit", function (event) {
      event.preventDefault();
      var out = document.getElementById("curate-result");
      var f = curate.elements;
      var body = { action: f.action.value, reason: f.reason.value || null, actor: "web" };
      if (body.action === "edit") { body.field = f.field.value; body.value = editValue(f.field.value, f.value.value.trim()); }
      if (body.action === "merge") { body.merge_id = Number(f.merge_id.value); }
      send("/api/partnerships/" + curate.dataset.id + "/curation",
           { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } },
           f.token.value).then(function (r) {
        say(out, "Saved: " + r.review_state + ", " + r.status + ". Reloading…", true);
        window.location.reload();
      }).catch(function (error) { say(out, error.message, false); });
    });
  }
})();
