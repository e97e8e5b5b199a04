// Thread pages, enhanced in place: like without a reload, quote and reply into the editor,
// and unsent drafts kept in localStorage per thread. Without JavaScript the same forms and
// links work through the server (a like returns to the post, Quote reloads with ?quote=).
(() => {
  "use strict";

  const DRAFT = "lms-draft:";
  const SENT = "lms-draft-sent:";

  const say = (message) => {
    const status = document.getElementById("forum-status");
    if (status) status.textContent = message;
  };

  // Likes -------------------------------------------------------------------------------
  async function like(form, event) {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST", credentials: "same-origin", body: new FormData(form),
        headers: { Accept: "application/json" },
      });
    } catch (error) {
      form.submit(); // offline or blocked: let the server answer the plain form
      return;
    } finally {
      button.disabled = false;
    }
    let data = {};
    try { data = await response.json(); } catch (error) { data = {}; }
    if (!response.ok || typeof data.liked !== "boolean") { // refused, or signed out meanwhile
      say(data.error || "The like could not be saved. Reload the page and try again.");
      return;
    }
    const words = `${data.count === 1 ? "like" : "likes"}, ${data.liked ? "unlike" : "like"} this post`;
    button.classList.toggle("is-liked", data.liked);
    button.setAttribute("aria-pressed", String(data.liked));
    button.querySelector(".like-number").textContent = String(data.count);
    button.querySelector(".like-words").textContent = ` ${words}`;
    say(data.liked ? "Liked." : "Like taken back.");
  }

  // Reply and quote in place ----------------------------------------------------------
  function answer(form, kind, postId, author) {
    const box = document.querySelector("[data-composer-target]");
    if (!box) return false;
    form.elements.reply_to.value = kind === "reply" ? postId : "";
    form.elements.quote_of.value = kind === "quote" ? postId : "";
    const label = box.querySelector("[data-target-label]");
    const strong = document.createElement("strong");
    strong.textContent = author;
    label.replaceChildren(kind === "quote" ? "Quoting " : "Replying to ", strong);
    const quote = box.querySelector("[data-target-quote]");
    const body = kind === "quote" && document.querySelector(`#post-${postId} .post-body`);
    // The post's HTML was sanitized by the server; cloning its nodes adds nothing new.
    quote.replaceChildren(...(body ? Array.from(body.childNodes, (n) => n.cloneNode(true)) : []));
    quote.hidden = !body;
    box.hidden = false;
    return true;
  }

  function clearAnswer(form) {
    const box = document.querySelector("[data-composer-target]");
    form.elements.reply_to.value = "";
    form.elements.quote_of.value = "";
    if (box) box.hidden = true;
  }

  // Drafts ------------------------------------------------------------------------------
  const storage = (() => {
    try { return window.localStorage; } catch (error) { return null; }
  })();

  function draftKey(form) {
    return DRAFT + new URL(form.action, window.location.href).pathname;
  }

  function saveDraft(form, key) {
    if (!storage) return;
    const body = form.elements.body.value;
    try {
      if (body.trim()) {
        storage.setItem(key, JSON.stringify({
          body, reply_to: form.elements.reply_to.value, quote_of: form.elements.quote_of.value,
        }));
      } else {
        storage.removeItem(key);
      }
    } catch (error) { /* storage full or refused: the draft is simply not kept */ }
  }

  // After a post, the server sends the writer to their new post (#post-N, marked data-own).
  function justPosted() {
    const match = /^#post-(\d+)$/.exec(window.location.hash);
    return Boolean(match && document.querySelector(`#post-${match[1]}[data-own]`));
  }

  function restoreDraft(form, key) {
    const textarea = form.elements.body;
    let sent = null;
    try { sent = window.sessionStorage.getItem(SENT + key); } catch (error) { sent = null; }
    try { window.sessionStorage.removeItem(SENT + key); } catch (error) { /* ignore */ }
    if (!storage) return;
    if (sent && justPosted()) {
      storage.removeItem(key);
      return;
    }
    if (textarea.value.trim()) { // the server sent the text back (an error to correct)
      saveDraft(form, key);
      return;
    }
    let draft = null;
    try { draft = JSON.parse(storage.getItem(key) || "null"); } catch (error) { draft = null; }
    if (!draft || typeof draft.body !== "string" || !draft.body.trim()) return;
    textarea.value = draft.body;
    for (const kind of ["reply", "quote"]) {
      const id = draft[kind === "reply" ? "reply_to" : "quote_of"];
      const link = id && document.querySelector(`[data-answer="${kind}"][data-post="${id}"]`);
      if (link) answer(form, kind, link.dataset.post, link.dataset.author);
    }
    const note = document.createElement("p");
    note.className = "draft-note small";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link-button";
    discard.textContent = "Discard draft";
    discard.addEventListener("click", () => {
      textarea.value = "";
      clearAnswer(form);
      storage.removeItem(key);
      note.remove();
      textarea.focus();
    });
    note.append("Your unsent draft is back. ", discard);
    form.before(note);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form.like-form").forEach((form) => {
      form.addEventListener("submit", (event) => like(form, event));
    });
    const form = document.querySelector("form.composer-form");
    if (!form || !form.elements.body) return;
    const key = draftKey(form);
    restoreDraft(form, key);
    form.elements.body.addEventListener("input", () => saveDraft(form, key));
    form.addEventListener("submit", () => {
      saveDraft(form, key);
      try { window.sessionStorage.setItem(SENT + key, "1"); } catch (error) { /* ignore */ }
    });
    document.querySelectorAll("[data-answer]").forEach((link) => {
      link.addEventListener("click", (event) => {
        if (!answer(form, link.dataset.answer, link.dataset.post, link.dataset.author)) return;
        event.preventDefault();
        saveDraft(form, key);
        say(`${link.dataset.answer === "quote" ? "Quoting" : "Replying to"} ${link.dataset.author}.`);
        form.elements.body.focus();
        document.getElementById("reply").scrollIntoView({ block: "start" });
      });
    });
    const cancel = document.querySelector("[data-cancel-answer]");
    if (cancel) {
      cancel.addEventListener("click", (event) => {
        event.preventDefault();
        clearAnswer(form);
        saveDraft(form, key);
        form.elements.body.focus();
      });
    }
  });
})();
