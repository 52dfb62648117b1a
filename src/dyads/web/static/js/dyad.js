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

  // A series with events in few of its periods is drawn as dots, not lines: a line through
  // zeros reads as "flat at zero" and hides the few events there are. Zero counts are gaps.
  function isSparse(data) {
    const busy = data.points.filter((p) => p.total > 0).length;
    return data.points.length > 2 && busy / data.points.length < 0.5;
  }

  function draw(data) {
    const index = INDEXES[indexChoice.value] || INDEXES.count;
    const sparse = isSparse(data);
    const xs = data.points.map((p) => Date.parse(p.start + "T00:00:00Z") / 1000);
    const counts = (name) => data.points.map((p) => (p[name] ? p[name] : null));
    const total = (name) => data.points.reduce((sum, p) => sum + (p[name] || 0), 0);
    const line = (label, name, stroke) => ({
      label: label + " (" + total(name) + ")",
      stroke: stroke,
      fill: sparse ? stroke : undefined,
      width: sparse ? 0 : 2,
      spanGaps: false,
      points: { show: true, size: sparse ? 10 : 6, fill: stroke },
    });
    const series = [
      {},
      line("verbal coop.", "verbal_cooperation", "#2b8a3e"),
      line("material coop.", "material_cooperation", "#1971c2"),
      line("verbal confl.", "verbal_conflict", "#e8590c"),
      line("material confl.", "material_conflict", "#c92a2a"),
      { label: index.label, stroke: "#862e9c", dash: [6, 4], scale: "index", width: sparse ? 0 : 2,
        spanGaps: false, points: { show: true, size: sparse ? 8 : 5, stroke: "#862e9c", fill: "#fff" } },
    ];
    const values = [xs, counts("verbal_cooperation"), counts("material_cooperation"),
      counts("verbal_conflict"), counts("material_conflict"), data.points.map((p) => p[index.column])];
    const most = Math.max(1, ...data.points.map((p) => Math.max(p.verbal_cooperation, p.material_cooperation, p.verbal_conflict, p.material_conflict)));
    if (plot) plot.destroy();
    plot = new uPlot({
      width: Math.max(480, chartBox.clientWidth || 900),
      height: 320,
      series: series,
      // The legend names each series with its total from the start; it does not wait for the
      // cursor (a live legend reads "--" until then). Numbers per period are in the table.
      legend: { live: false },
      scales: { y: { range: [0, most + 1] }, index: { range: index.range } },
      axes: [{}, { label: "events" }, { side: 1, scale: "index", label: "index", grid: { show: false } }],
      cursor: { points: { size: 8 } },
    }, values, chartBox);
    chartBox.dataset.style = sparse ? "dots" : "lines";
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
