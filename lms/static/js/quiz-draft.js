// Autosave of an open quiz attempt: the answers go to the server as a draft a moment after
// each change, and once more when the learner leaves the page. Nothing is graded here; the
// "Save draft" button does the same without JavaScript.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-url]");
  if (!form) { return; }
  var status = form.querySelector("[data-draft-status]");
  var url = form.getAttribute("data-draft-url");
  var timer = null;
  var dirty = false;

  function save(keepalive) {
    clearTimeout(timer);
    if (!dirty) { return; }
    dirty = false;
    fetch(url, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: {"X-Requested-With": "fetch"}, keepalive: !!keepalive
    }).then(function (response) {
      return response.json().then(function (data) {
        if (status) { status.textContent = data.saved || data.error || ""; }
      });
    }).catch(function () {
      dirty = true;  // offline for a moment: try again on the next change
      if (status) { status.textContent = "Not saved yet: check your connection."; }
    });
  }

  function changed() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { dirty = false; clearTimeout(timer); });
  window.addEventListener("pagehide", function () { save(true); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(true); }
  });
}());
