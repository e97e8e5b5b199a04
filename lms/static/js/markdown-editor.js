// A light Markdown editor: Write / Preview tabs on every <textarea data-markdown>.
// The preview is rendered and sanitized by the server (POST /markdown/preview); without
// JavaScript the plain textarea still works.
(() => {
  "use strict";

  const meta = (name) => {
    const element = document.querySelector(`meta[name="${name}"]`);
    return element ? element.content : null;
  };

  let counter = 0;

  async function renderPreview(textarea, panel) {
    const url = meta("markdown-preview-url");
    const text = textarea.value;
    if (!text.trim()) {
      panel.replaceChildren(Object.assign(document.createElement("p"),
        { className: "muted", textContent: "Nothing to preview yet." }));
      return;
    }
    panel.setAttribute("aria-busy", "true");
    panel.replaceChildren(Object.assign(document.createElement("p"),
      { className: "muted", textContent: "Loading the preview…" }));
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRFToken": meta("csrf-token") || "",
        },
        body: JSON.stringify({ text }),
      });
      const data = await response.json();
      if (!response.ok) throw new Error(data.error || "The preview is not available.");
      panel.innerHTML = data.html; // rendered and sanitized (nh3 allowlist) by the server
    } catch (error) {
      panel.replaceChildren(Object.assign(document.createElement("p"), {
        className: "field-error",
        textContent: error instanceof SyntaxError ? "The preview is not available." : error.message,
      }));
    } finally {
      panel.removeAttribute("aria-busy");
    }
  }

  function enhance(textarea) {
    if (textarea.dataset.markdownReady || !meta("markdown-preview-url")) return;
    textarea.dataset.markdownReady = "1";
    const base = `md-${textarea.id || ++counter}`;

    const editor = document.createElement("div");
    editor.className = "md-editor";
    const tablist = document.createElement("div");
    tablist.className = "md-tabs";
    tablist.setAttribute("role", "tablist");
    tablist.setAttribute("aria-label", "Write or preview");

    const makeTab = (name, text) => {
      const tab = document.createElement("button");
      tab.type = "button";
      tab.className = "md-tab";
      tab.id = `${base}-${name}-tab`;
      tab.textContent = text;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", `${base}-${name}`);
      tablist.append(tab);
      return tab;
    };
    const writeTab = makeTab("write", "Write");
    const previewTab = makeTab("preview", "Preview");

    const writePanel = document.createElement("div");
    writePanel.id = `${base}-write`;
    writePanel.className = "md-panel";
    writePanel.setAttribute("role", "tabpanel");
    writePanel.setAttribute("aria-labelledby", writeTab.id);

    const previewPanel = document.createElement("div");
    previewPanel.id = `${base}-preview`;
    previewPanel.className = "md-panel md-preview prose";
    previewPanel.tabIndex = 0;
    previewPanel.setAttribute("role", "tabpanel");
    previewPanel.setAttribute("aria-labelledby", previewTab.id);
    previewPanel.setAttribute("aria-live", "polite");
    previewPanel.hidden = true;

    textarea.before(editor);
    writePanel.append(textarea);
    editor.append(tablist, writePanel, previewPanel);

    const select = (tab, focus) => {
      const preview = tab === previewTab;
      writeTab.setAttribute("aria-selected", String(!preview));
      previewTab.setAttribute("aria-selected", String(preview));
      writeTab.tabIndex = preview ? -1 : 0;
      previewTab.tabIndex = preview ? 0 : -1;
      writePanel.hidden = preview;
      previewPanel.hidden = !preview;
      if (focus) tab.focus();
      if (preview) renderPreview(textarea, previewPanel);
    };
    select(writeTab, false);

    writeTab.addEventListener("click", () => select(writeTab, false));
    previewTab.addEventListener("click", () => select(previewTab, false));
    tablist.addEventListener("keydown", (event) => {
      const tabs = [writeTab, previewTab];
      const index = tabs.indexOf(document.activeElement);
      if (index < 0) return;
      let next = null;
      if (event.key === "ArrowRight") next = tabs[(index + 1) % tabs.length];
      else if (event.key === "ArrowLeft") next = tabs[(index + tabs.length - 1) % tabs.length];
      else if (event.key === "Home") next = tabs[0];
      else if (event.key === "End") next = tabs[tabs.length - 1];
      if (!next) return;
      event.preventDefault();
      select(next, true);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("textarea[data-markdown]").forEach(enhance);
  });
})();
