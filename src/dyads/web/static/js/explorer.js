"use strict";
// A click anywhere on an event row opens its article at the evidence.
document.querySelectorAll("tr.event-row").forEach((row) => {
  row.addEventListener("click", (event) => {
    if (event.target.closest("a")) return;
    const href = row.dataset.href || "";
    if (href.startsWith("/articles/")) window.location.assign(href);
  });
});
