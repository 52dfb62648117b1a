// Shared helpers. Text from the server is only ever put into the page with textContent.
"use strict";
window.Dyads = (function () {
  const CLASSES = ["evidence", "trigger", "actor", "actor-role", "other-trigger"];

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) node.setAttribute(key, value);
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  async function getJSON(url, options) {
    const response = await fetch(url, Object.assign({ credentials: "same-origin" }, options || {}));
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      let detail = body.detail;
      if (Array.isArray(detail)) detail = detail.map((d) => (d.loc || []).slice(1).join(".") + ": " + d.msg).join("; ");
      throw new Error(detail || response.statusText);
    }
    return body;
  }

  function formParams(form) {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form).entries()) {
      if (typeof value === "string" && value.trim() !== "") params.append(key, value.trim());
    }
    return params;
  }

  // Split text at every mark boundary and append spans; marks: [{start, end, css}].
  function highlightInto(container, text, marks) {
    container.textContent = "";
    const usable = marks.filter((m) => m.start >= 0 && m.start < m.end && m.end <= text.length && CLASSES.includes(m.css));
    const cuts = Array.from(new Set([0, text.length].concat(usable.flatMap((m) => [m.start, m.end])))).sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const start = cuts[i], end = cuts[i + 1];
      const names = CLASSES.filter((c) => usable.some((m) => m.css === c && m.start <= start && start < m.end));
      const piece = text.slice(start, end);
      if (names.length) container.appendChild(el("span", { class: names.join(" ") }, piece));
      else container.appendChild(document.createTextNode(piece));
    }
  }

  function showError(node, error) {
    node.hidden = !error;
    node.textContent = error ? String(error.message || error) : "";
  }

  function eventItem(e) {
    const li = el("li");
    const link = el("a", { href: "/articles/" + encodeURIComponent(e.article_id) + "?event=" + encodeURIComponent(e.id) + "#evidence" }, (e.date || "undated") + " " + e.type);
    li.appendChild(link);
    // Compound actors ("Russia and Iran held talks") show every id, not just the first name.
    const who = (ids, name, id) => (ids && ids.includes(";") ? ids.split(";").join(", ") : name || id || "—");
    const arrow = " " + who(e.source_ids, e.source_name, e.source_id) + " → " + who(e.target_ids, e.target_name, e.target_id) + ": ";
    li.appendChild(document.createTextNode(arrow));
    li.appendChild(el("span", { class: "evidence-text" }, e.evidence_text || ""));
    return li;
  }

  return { el, getJSON, formParams, highlightInto, showError, eventItem };
})();
