// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
  // Progress grid: each cell's hover title says "lesson: state"; the HTML carries only the
  // state's symbol (a "not started" cell not even a class), so a 50 × 60 page stays small.
  document.querySelectorAll("table.progress-grid").forEach((table) => {
    const words = { "✓": "done", "•": "opened", "–": "not started" };
    const heads = Array.from(table.querySelectorAll("thead th"));
    table.querySelectorAll("tbody tr").forEach((row) => {
      Array.from(row.cells).forEach((cell, index) => {
        const state = words[cell.textContent];
        if (state && heads[index] && heads[index].title) {
          cell.title = `${heads[index].title}: ${state}`;
        }
      });
    });
  });
  document.querySelectorAll("[data-confirm]").forEach((button) => {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
});

// "Mark everyone present": tick every box so the trainer can untick absentees before saving.
// Without JavaScript the same button submits and the server marks everyone present.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-check-all]").forEach((button) => {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      const form = button.closest("form");
      form.querySelectorAll(`input[type=checkbox][name="${button.dataset.checkAll}"]`)
        .forEach((box) => { box.checked = true; });
    });
  });
});
