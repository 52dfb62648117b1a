"use strict";
(function () {
  const { el, getJSON, formParams, showError, eventItem } = window.Dyads;
  const form = document.getElementById("dyad-form");
  const chartBox = document.getElementById("chart");
  const errorBox = document.getElementById("dyad-error");
  const tbody = document.querySelector("#periods tbody");
  const list = document.getElementById("point-list");
  const title = document.getElementById("point-title");
  let plot = null;
  let current = null;
  let seq = 0; // answers to older requests are dropped

  async function showPoint(index) {
    if (!current || index === null || index === undefined || !current.data.points[index]) return;
    const point = current.data.points[index];
    const params = new URLSearchParams(current.params);
    params.delete("interval");
    params.set("since", point.start);
    params.set("until", point.end);
    title.textContent = "Events of " + point.period + " (" + point.total + ")";
    list.textContent = "";
    try {
      const events = await getJSON("/api/series/events?" + params.toString());
      if (!events.length) list.appendChild(el("li", {}, "No events in this period."));
      events.forEach((e) => list.appendChild(eventItem(e)));
    } catch (error) {
      showError(errorBox, error);
    }
  }

  // The index drawn on the right axis: count-based (-1..1) or Goldstein-weighted (-10..10).
  const INDEXES = {
    count: { column: "count_index", label: "count index", range: [-1, 1] },
    goldstein: { column: "goldstein_index", label: "Goldstein index", range: [-10, 10] },
  };
  const indexChoice = document.getElementById("index-choice");

  function draw(data) {
    const index = INDEXES[indexChoice.value] || INDEXES.count;
    const xs = data.points.map((p) => Date.parse(p.start + "T00:00:00Z") / 1000);
    const column = (name) => data.points.map((p) => p[name]);
    const series = [
      {},
      { label: "verbal coop.", stroke: "#2b8a3e", width: 2 },
      { label: "material coop.", stroke: "#1971c2", width: 2 },
      { label: "verbal confl.", stroke: "#e8590c", width: 2 },
      { label: "material confl.", stroke: "#c92a2a", width: 2 },
      { label: index.label, stroke: "#862e9c", dash: [6, 4], scale: "index", width: 2 },
    ];
    const values = [xs, column("verbal_cooperation"), column("material_cooperation"),
      column("verbal_conflict"), column("material_conflict"), column(index.column)];
    if (plot) plot.destroy();
    plot = new uPlot({
      width: Math.max(480, chartBox.clientWidth || 900),
      height: 320,
      series: series,
      scales: { index: { range: index.range } },
      axes: [{}, { label: "events" }, { side: 1, scale: "index", label: "index", grid: { show: false } }],
      cursor: { points: { size: 8 } },
    }, values, chartBox);
    plot.over.addEventListener("click", () => showPoint(plot.cursor.idx));
    window.dyadsPlot = plot;  // for tests and the console
  }

  function fillTable(data) {
    tbody.textContent = "";
    data.points.forEach((p, index) => {
      if (!p.total) return;
      const row = el("tr", { class: "period-row", "data-index": String(index) });
      [p.period, p.total, p.verbal_cooperation, p.material_cooperation, p.verbal_conflict,
        p.material_conflict, p.goldstein_index, p.count_index].forEach((v) => row.appendChild(el("td", {}, v === null ? "—" : v)));
      row.addEventListener("click", () => showPoint(index));
      tbody.appendChild(row);
    });
  }

  async function load() {
    const params = formParams(form);
    const ticket = ++seq;
    showError(errorBox, null);
    history.replaceState(null, "", "?" + params.toString());
    try {
      const data = await getJSON("/api/series?" + params.toString());
      if (ticket !== seq) return;
      current = { data, params };
      const t = data.totals;
      document.getElementById("dyad-summary").textContent = data.a + (data.directed ? " → " : " – ") + data.b + ": " +
        t.total + " events, Goldstein index " + (t.goldstein_index ?? "—") + ", count index " + (t.count_index ?? "—");
      draw(data);
      fillTable(data);
    } catch (error) {
      showError(errorBox, error);
    }
  }

  // A shared link (?a=RUS&b=IRN&interval=month) fills the form.
  for (const [key, value] of new URLSearchParams(window.location.search).entries()) {
    const field = form.elements.namedItem(key);
    if (!field) continue;
    if (field.type === "checkbox") field.checked = value === "true";
    else field.value = value;
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
  indexChoice.addEventListener("change", () => { if (current) draw(current.data); });
  if (form.a.value && form.b.value) load();
})();
