"use strict";
// New events without a restart: `dyads ingest` into a served database moves the server's data
// generation on (/api/health); when it differs from the one this page was drawn at, a notice
// offers to show them. Reloading is left to the user: a form being filled in is never lost.
(function () {
  const body = document.body;
  const shown = Number(body.dataset.generation || "0");
  const every = Math.max(500, Number(body.dataset.pollMs || "3000"));
  const notice = document.getElementById("fresh");
  const link = document.getElementById("fresh-show");
  if (!notice || !link) return;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    window.location.reload();
  });
  async function check() {
    if (document.hidden) return; // a background tab asks nothing
    try {
      const response = await fetch("/api/health", { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      const health = await response.json();
      if (typeof health.generation === "number" && health.generation !== shown) {
        notice.hidden = false;
        window.clearInterval(timer);
      }
    } catch (_err) {
      // The server is restarting or gone: ask again next time.
    }
  }
  const timer = window.setInterval(check, every);
})();
