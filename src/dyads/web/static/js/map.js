"use strict";
// The map: the bundled world outline (TopoJSON, decoded here) drawn as SVG in an
// equirectangular projection, countries shaded by their counts, and a dot per located place.
// Everything from the server goes into the page through textContent or attributes only.
(function () {
  const { el, getJSON, formParams, showError } = window.Dyads;
  const SVG = "http://www.w3.org/2000/svg";
  const W = 1000, H = 500;
  const QUAD_COLOURS = { 1: "#2b8a3e", 2: "#1971c2", 3: "#e8590c", 4: "#c92a2a" };
  const svg = document.getElementById("map");
  const form = document.getElementById("map-form");
  const errorBox = document.getElementById("map-error");
  const shadeChoice = document.getElementById("shade-choice");
  const panel = {
    title: document.getElementById("place-title"),
    info: document.getElementById("place-info"),
    link: document.getElementById("place-link"),
    list: document.getElementById("place-events"),
  };
  const x = (lon) => ((lon + 180) / 360) * W;
  const y = (lat) => ((90 - lat) / 180) * H;
  let countries = {}; // ISO3 -> path element
  let dotLayer = null;
  let data = null;
  let view = { x: 0, y: 0, w: W, h: H };

  function node(tag, attrs) {
    const made = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) made.setAttribute(key, value);
    return made;
  }

  // TopoJSON: arcs are delta-encoded, quantised positions; a ring lists arc indexes, ~i for
  // arc i reversed, and consecutive arcs share their joining point.
  function decodeArcs(topology) {
    const [sx, sy] = topology.transform.scale;
    const [tx, ty] = topology.transform.translate;
    return topology.arcs.map((arc) => {
      let a = 0, b = 0;
      return arc.map(([dx, dy]) => { a += dx; b += dy; return [a * sx + tx, b * sy + ty]; });
    });
  }

  function ringPath(arcs, indexes) {
    const points = [];
    for (const i of indexes) {
      const arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      arc.forEach((p, k) => { if (k > 0 || !points.length) points.push(p); });
    }
    // A ring that crosses the antimeridian (Russia's east, Fiji) jumps 360 degrees; drawn as
    // is it paints a band across the map. Unwrap it into one continuous ring, then draw it
    // again a world to the left or right so that both of its ends show.
    let offset = 0, previous = null, low = Infinity, high = -Infinity;
    const unwrapped = points.map(([lon, lat]) => {
      if (previous !== null && lon - previous > 180) offset -= 360;
      else if (previous !== null && previous - lon > 180) offset += 360;
      previous = lon;
      const px = x(lon + offset);
      low = Math.min(low, px); high = Math.max(high, px);
      return [px, y(lat)];
    });
    const draw = (shift) => "M" + unwrapped.map(([px, py]) => (px + shift).toFixed(1) + "," + py.toFixed(1)).join("L") + "Z";
    let d = draw(0);
    if (high > W) d += draw(-W);
    if (low < 0) d += draw(W);
    return d;
  }

  function geometryPath(arcs, geometry) {
    const polygons = geometry.type === "Polygon" ? [geometry.arcs] : geometry.type === "MultiPolygon" ? geometry.arcs : [];
    return polygons.map((rings) => rings.map((ring) => ringPath(arcs, ring)).join("")).join("");
  }

  async function drawOutline() {
    const topology = await getJSON("/static/vendor/world-atlas/countries-110m.json");
    const arcs = decodeArcs(topology);
    const layer = node("g", { id: "countries" });
    for (const geometry of topology.objects.countries.geometries) {
      const props = geometry.properties || {};
      const path = node("path", { d: geometryPath(arcs, geometry), class: "country", "data-iso3": props.iso3 || "" });
      const title = node("title");
      title.textContent = props.name || "";
      path.appendChild(title);
      path.dataset.name = props.name || "";
      layer.appendChild(path);
      if (props.iso3) countries[props.iso3] = path;
    }
    svg.appendChild(layer);
    dotLayer = node("g", { id: "places" });
    svg.appendChild(dotLayer);
  }

  function choose(target) {
    svg.querySelectorAll(".on").forEach((n) => n.classList.remove("on"));
    if (target) target.classList.add("on");
    panel.list.textContent = "";
  }

  function eventItem(e) {
    const li = el("li", { class: "place-event" });
    li.appendChild(el("a", { href: "/articles/" + encodeURIComponent(e.article_id) + "?event=" + encodeURIComponent(e.id) + "#evidence" },
      (e.date || "undated") + " " + e.type));
    li.appendChild(document.createTextNode(" " + (e.source || "—") + " → " + (e.target || "—") + ": "));
    li.appendChild(el("span", { class: "evidence-text" }, e.evidence_text || ""));
    for (const flag of ["negated", "hedged", "hypothetical"]) {
      if (e[flag]) li.appendChild(el("span", { class: "flag flag-" + flag }, flag));
    }
    return li;
  }

  function showPlace(place, dot) {
    choose(dot);
    panel.title.textContent = (place.name || "A place") + (place.country ? " (" + place.country + ")" : "");
    const listed = place.items.length;
    panel.info.textContent = place.events + " event" + (place.events === 1 ? "" : "s") +
      (listed < place.events ? ", the first " + listed + " listed" : "") + "; a click opens the article at its evidence.";
    panel.link.hidden = true;
    place.items.forEach((e) => panel.list.appendChild(eventItem(e)));
  }

  function showCountry(code, count, path) {
    choose(path);
    const mode = shadeChoice.value;
    panel.title.textContent = (path.dataset.name || code) + " (" + code + ")";
    panel.info.textContent = count + " event" + (count === 1 ? "" : "s") +
      (mode === "actors" ? " with this country's actors (its state, bodies and officials)" : " placed in this country, without a city");
    const params = formParams(form);
    params.delete("shade");
    if (mode === "actors") params.set("actor", code);
    panel.link.href = "/?" + params.toString();
    panel.link.hidden = mode !== "actors";
    if (mode === "places") {
      (data.places || []).filter((p) => p.country === code).forEach((p) => p.items.forEach((e) => panel.list.appendChild(eventItem(e))));
    }
  }

  function shade() {
    const mode = shadeChoice.value;
    const counts = mode === "actors" ? data.actor_countries : mode === "places" ? data.countries : [];
    const known = counts.filter((c) => countries[c.country]);
    const most = Math.max(1, ...known.map((c) => c.events));
    for (const path of Object.values(countries)) {
      path.style.fill = "";
      path.classList.remove("shaded");
      path.onclick = null;
    }
    for (const c of known) {
      const path = countries[c.country];
      const t = Math.sqrt(c.events / most); // square root: one busy country must not wash out the rest
      path.style.fill = "rgb(" + Math.round(219 - t * 165) + "," + Math.round(228 - t * 149) + "," + Math.round(255 - t * 56) + ")";
      path.classList.add("shaded");
      path.querySelector("title").textContent = path.dataset.name + ": " + c.events + " events";
      path.onclick = (event) => { event.stopPropagation(); showCountry(c.country, c.events, path); };
    }
    const legend = document.getElementById("shade-legend");
    legend.textContent = "";
    if (known.length) {
      legend.appendChild(document.createTextNode(mode === "actors" ? "countries by their actors' events: 1" : "countries by events placed only there: 1"));
      legend.appendChild(el("span", { class: "shade-scale" }));
      legend.appendChild(document.createTextNode(String(most)));
    }
  }

  function dotRadius(place) {
    return (4 + 3 * Math.sqrt(place.events)) * Math.pow(view.w / W, 0.7);
  }

  function drawDots() {
    dotLayer.textContent = "";
    for (const place of data.places) {
      const quads = place.quad_class;
      const top = Object.keys(quads).sort((a, b) => quads[b] - quads[a] || a - b)[0];
      const dot = node("circle", { cx: x(place.lon).toFixed(2), cy: y(place.lat).toFixed(2), r: dotRadius(place).toFixed(2),
        class: "place", fill: QUAD_COLOURS[top] || "#868e96", tabindex: "0", "data-name": place.name || "" });
      const title = node("title");
      title.textContent = (place.name || "") + ": " + place.events + " event" + (place.events === 1 ? "" : "s");
      dot.appendChild(title);
      dot.addEventListener("click", (event) => { event.stopPropagation(); showPlace(place, dot); });
      dot.addEventListener("keydown", (event) => { if (event.key === "Enter") showPlace(place, dot); });
      dotLayer.appendChild(dot);
    }
  }

  function setView(next) {
    const w = Math.min(W, Math.max(W / 40, next.w));
    const h = (w * H) / W;
    view = { x: Math.min(W - w, Math.max(0, next.x)), y: Math.min(H - h, Math.max(0, next.y)), w: w, h: h };
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map((v) => v.toFixed(2)).join(" "));
    if (data) dotLayer.querySelectorAll("circle").forEach((dot, i) => dot.setAttribute("r", dotRadius(data.places[i]).toFixed(2)));
  }

  // Where a mouse event falls, in map units.
  function mapPoint(event) {
    const box = svg.getBoundingClientRect();
    return { x: view.x + ((event.clientX - box.left) / box.width) * view.w, y: view.y + ((event.clientY - box.top) / box.height) * view.h };
  }

  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const at = mapPoint(event);
    const k = event.deltaY < 0 ? 0.8 : 1.25;
    setView({ x: at.x - (at.x - view.x) * k, y: at.y - (at.y - view.y) * k, w: view.w * k });
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (event) => { drag = { start: mapPoint(event), view: Object.assign({}, view), moved: false }; });
  svg.addEventListener("pointermove", (event) => {
    if (!drag || !(event.buttons & 1)) return;
    const box = svg.getBoundingClientRect();
    const dx = ((event.clientX - box.left) / box.width) * drag.view.w + drag.view.x - drag.start.x;
    const dy = ((event.clientY - box.top) / box.height) * drag.view.h + drag.view.y - drag.start.y;
    if (Math.abs(dx) + Math.abs(dy) > 1) drag.moved = true;
    setView({ x: drag.view.x - dx, y: drag.view.y - dy, w: drag.view.w });
  });
  svg.addEventListener("pointerup", () => { drag = null; });
  document.getElementById("zoom-reset").addEventListener("click", () => setView({ x: 0, y: 0, w: W }));

  // The tightest view around the dots (whole world when there are none or they spread wide).
  function fit() {
    if (!data.places.length) return setView({ x: 0, y: 0, w: W });
    const xs = data.places.map((p) => x(p.lon)), ys = data.places.map((p) => y(p.lat));
    const pad = 60;
    const w = Math.max(Math.max(...xs) - Math.min(...xs) + 2 * pad, ((Math.max(...ys) - Math.min(...ys) + 2 * pad) * W) / H, 250);
    setView({ x: (Math.min(...xs) + Math.max(...xs)) / 2 - w / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 - (w * H) / W / 2, w: w });
  }

  async function load() {
    const params = formParams(form);
    params.delete("shade");
    showError(errorBox, null);
    history.replaceState(null, "", "?" + formParams(form).toString());
    try {
      data = await getJSON("/api/places?" + params.toString());
      const pct = data.events ? Math.round((100 * data.located) / data.events) : 0;
      document.getElementById("map-summary").textContent = data.events + " events match; " + data.located +
        " (" + pct + " %) name a place with coordinates (" + data.places.length + " dots), " + data.country_only +
        " only a country.";
      drawDots();
      shade();
      fit();
      choose(null);
      panel.title.textContent = data.places.length ? "Click a dot" : "No located events";
      panel.info.textContent = data.places.length ? "Its events and their evidence are listed here; a shaded country lists its count." : "No event matching these filters names a place with coordinates.";
      panel.link.hidden = true;
      window.dyadsMap = data; // for tests and the console
    } catch (error) {
      showError(errorBox, error);
    }
  }

  for (const [key, value] of new URLSearchParams(window.location.search).entries()) {
    const field = form.elements.namedItem(key);
    if (field) field.value = value;
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
  shadeChoice.addEventListener("change", () => { if (data) shade(); });
  drawOutline().then(load).catch((error) => showError(errorBox, error));
})();
