"use strict";
(function () {
  const { el, getJSON, highlightInto, showError } = window.Dyads;
  const form = document.getElementById("code-form");
  const output = document.getElementById("code-output");
  const tbody = document.querySelector("#code-events tbody");
  const errorBox = document.getElementById("code-error");
  let result = null;

  function marks(doc, chosen) {
    const found = doc.actors.map((a) => ({ start: a.start, end: a.end, css: "actor" }));
    doc.events.forEach((e, index) => {
      if (chosen !== null && index !== chosen) {
        found.push({ start: e.trigger.start, end: e.trigger.end, css: "other-trigger" });
        return;
      }
      found.push({ start: e.evidence.start, end: e.evidence.end, css: "evidence" });
      found.push({ start: e.trigger.start, end: e.trigger.end, css: "trigger" });
      for (const actor of (e.source || []).concat(e.target || [])) found.push({ start: actor.start, end: actor.end, css: "actor-role" });
    });
    return found;
  }

  function render(chosen) {
    highlightInto(output, result.text, marks(result, chosen));
    tbody.textContent = "";
    result.events.forEach((e, index) => {
      const row = el("tr", { class: index === chosen ? "on code-event" : "code-event" });
      const names = (list) => (list || []).map((a) => a.name).join(", ") || "—";
      const flags = ["hedged", "negated", "hypothetical", "quoted"].filter((f) => e[f]).join(", ");
      [e.type, names(e.source), names(e.target), e.trigger.text, flags].forEach((v) => row.appendChild(el("td", {}, v)));
      row.addEventListener("click", () => render(index === chosen ? null : index));
      tbody.appendChild(row);
    });
    if (!result.events.length) tbody.appendChild(el("tr", {}, "")).appendChild(el("td", { colspan: "5" }, "No events found."));
  }

  document.getElementById("code-file").addEventListener("change", (event) => {
    const file = event.target.files[0];
    if (!file) return;
    file.text().then((text) => { document.getElementById("code-text").value = text; });
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(errorBox, null);
    const body = { text: document.getElementById("code-text").value };
    const published = document.getElementById("code-published").value.trim();
    if (published) body.published = published;
    try {
      result = await getJSON("/api/extract", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      render(null);
    } catch (error) {
      showError(errorBox, error);
    }
  });
})();
