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

  function elements(data) {
    const nodes = data.nodes.map((n) => ({ data: { id: n.id, label: n.name, code: n.code || "", events: n.events, size: 16 + 6 * Math.sqrt(n.events) } }));
    const edges = data.edges.map((e, i) => ({
      data: { id: "e" + i, source: e.source, target: e.target, count: e.count, net: e.net, colour: colour(e.net),
        width: 1 + 2 * Math.log2(1 + e.count), types: e.types },
    }));
    return nodes.concat(edges);
  }

  function focus(node) {
    const hood = node.closedNeighborhood();
    cy.elements().addClass("faded");
    hood.removeClass("faded");
    panelTitle.textContent = node.data("label") + " (" + node.id() + ")";
    panelInfo.textContent = node.data("events") + " events on its ties";
    nodeEvents.hidden = false;
    nodeEvents.setAttribute("href", "/?actor=" + encodeURIComponent(node.id()));
    reset.hidden = false;
    edgeList.textContent = "";
    node.connectedEdges().forEach((edge) => {
      const types = Object.entries(edge.data("types")).map(([t, n]) => t + " " + n).join(", ");
      edgeList.appendChild(el("li", {}, edge.data("source") + " → " + edge.data("target") + ": " + edge.data("count") + " (net " + edge.data("net") + "; " + types + ")"));
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
      if (cy) cy.destroy();
      cy = cytoscape({
        container: document.getElementById("graph"),
        elements: elements(data),
        layout: { name: data.nodes.length > 1 ? "cose" : "grid", animate: false, randomize: false },
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: { label: "data(id)", width: "data(size)", height: "data(size)", "background-color": "#364fc7", color: "#212529", "font-size": 11 } },
          { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.8 } },
          { selector: ".faded", style: { opacity: 0.12 } },
        ],
      });
      cy.on("tap", "node", (event) => focus(event.target));
      cy.on("tap", (event) => { if (event.target === cy) clearFocus(); });
      window.dyadsGraph = cy;
      clearFocus();
      panelInfo.textContent = data.nodes.length + " actors, " + data.edges.length + " ties. " + panelInfo.textContent;
    } catch (error) {
      showError(errorBox, error);
    }
  }

  reset.addEventListener("click", clearFocus);
  form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
  load();
})();
