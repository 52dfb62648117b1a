"use strict";
(function () {
  const { el, getJSON, formParams, showError } = window.Dyads;
  const form = document.getElementById("network-form");
  const errorBox = document.getElementById("network-error");
  const panelTitle = document.getElementById("node-title");
  const panelInfo = document.getElementById("node-info");
  const nodeEvents = document.getElementById("node-events");
  const reset = document.getElementById("reset");
  const edgeList = document.getElementById("edge-list");
  let cy = null;

  function colour(net) {
    if (net > 0) return "#2b8a3e";
    if (net < 0) return "#c92a2a";
    return "#868e96";
  }

  // One colour per actor kind (from /api/network's "kind"), shown in the legend above.
  const KIND_COLOURS = {
    "state": "#364fc7",
    "state body": "#74c0fc",
    "IGO": "#f08c00",
    "official": "#9c36b5",
    "armed or non-state group": "#c92a2a",
    "other": "#868e96",
  };
  const kindColour = (kind) => KIND_COLOURS[kind] || KIND_COLOURS.other;
  const short = (name) => (name.length > 24 ? name.slice(0, 23) + "…" : name);
  let names = {};

  function elements(data) {
    const nodes = data.nodes.map((n) => ({ data: { id: n.id, label: short(n.name || n.id), name: n.name || n.id, kind: n.kind || "other",
      colour: kindColour(n.kind), code: n.code || "", events: n.events, degree: n.degree, size: 16 + 6 * Math.sqrt(n.events) } }));
    const edges = data.edges.map((e, i) => ({
      data: { id: "e" + i, source: e.source, target: e.target, count: e.count, net: e.net, colour: colour(e.net),
        width: 1 + 2 * Math.log2(1 + e.count), types: e.types },
    }));
    return nodes.concat(edges);
  }

  function legend(data) {
    const box = document.getElementById("kind-legend");
    box.textContent = "";
    const present = new Set(data.nodes.map((n) => n.kind || "other"));
    Object.keys(KIND_COLOURS).filter((k) => present.has(k)).forEach((kind) => {
      const item = el("span", { class: "kind", "data-kind": kind });
      item.appendChild(el("span", { class: "swatch", style: "background:" + kindColour(kind) }));
      item.appendChild(document.createTextNode(kind));
      box.appendChild(item);
    });
  }

  function focus(node) {
    const hood = node.closedNeighborhood();
    cy.elements().addClass("faded");
    hood.removeClass("faded");
    panelTitle.textContent = node.data("name") + " (" + node.id() + ")";
    panelInfo.textContent = node.data("kind") + "; " + node.data("events") + " events on ties with " + node.data("degree") + " actors";
    nodeEvents.hidden = false;
    nodeEvents.setAttribute("href", "/?actor=" + encodeURIComponent(node.id()));
    reset.hidden = false;
    edgeList.textContent = "";
    node.connectedEdges().forEach((edge) => {
      const types = Object.entries(edge.data("types")).map(([t, n]) => t + " " + n).join(", ");
      const who = (id) => names[id] || id;
      edgeList.appendChild(el("li", {}, who(edge.data("source")) + " → " + who(edge.data("target")) + ": " + edge.data("count") + " (net " + edge.data("net") + "; " + types + ")"));
    });
  }

  function clearFocus() {
    if (!cy) return;
    cy.elements().removeClass("faded");
    panelTitle.textContent = "Click a node";
    panelInfo.textContent = "Drag to move, scroll to zoom; a click keeps only that actor's ties.";
    nodeEvents.hidden = true;
    reset.hidden = true;
    edgeList.textContent = "";
  }

  async function load() {
    const params = formParams(form);
    showError(errorBox, null);
    for (const format of ["graphml", "gexf"]) {
      const download = new URLSearchParams(params);
      download.set("format", format);
      document.getElementById("dl-" + format).setAttribute("href", "/api/network?" + download.toString());
    }
    try {
      const data = await getJSON("/api/network?" + params.toString());
      names = Object.fromEntries(data.nodes.map((n) => [n.id, n.name || n.id]));
      legend(data);
      if (cy) cy.destroy();
      cy = cytoscape({
        container: document.getElementById("graph"),
        elements: elements(data),
        layout: { name: data.nodes.length > 1 ? "cose" : "grid", animate: false, randomize: false,
          nodeRepulsion: () => 16000, idealEdgeLength: () => 110, nodeOverlap: 20, padding: 24, componentSpacing: 60 },
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "background-color": "data(colour)",
            color: "#212529", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, "text-background-color": "#fff",
            "text-background-opacity": 0.7, "text-background-padding": 1, "min-zoomed-font-size": 7 } },
          { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.8 } },
          { selector: ".faded", style: { opacity: 0.12 } },
        ],
      });
      cy.on("tap", "node", (event) => focus(event.target));
      cy.on("tap", (event) => { if (event.target === cy) clearFocus(); });
      window.dyadsGraph = cy;
      clearFocus();
      const shown = data.total_nodes && data.total_nodes > data.nodes.length ? " of " + data.total_nodes : "";
      document.getElementById("network-count").textContent = data.nodes.length + shown + " actors, " + data.edges.length + " ties" +
        (shown ? " (the best connected; choose more under Actors)" : "");
    } catch (error) {
      showError(errorBox, error);
    }
  }

  reset.addEventListener("click", clearFocus);
  form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
  load();
})();
