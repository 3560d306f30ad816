// eusec graph view: draws one entity and its neighbours with cytoscape.js.
// The data comes from the JSON block the server put in the page (or GET /graph/<uid>).
// When done, #cy gets data-rendered="<number of nodes drawn>" (the UI test reads it); on failure,
// data-rendered="0" and data-error explain why, and the server-rendered table below stays the fallback.
(function () {
  "use strict";
  var COLOURS = {
    Document: "#4C8EDA", Measure: "#F79767", WorkingParty: "#57C7E3", LegalAct: "#DA7194",
    CouncilDocument: "#8DCC93", CommissionDocument: "#C990C0", Agency: "#F16667",
    InformationSystem: "#FFC454", Presidency: "#D9C8AE", Series: "#ECB5C9"
  };
  var container = document.getElementById("cy");
  var status = document.getElementById("status");
  if (!container) { return; }

  function fail(code, message) {
    container.dataset.rendered = "0";
    container.dataset.error = code;
    container.classList.add("failed");
    status.textContent = message;
    status.classList.add("warn");
  }

  if (typeof window.cytoscape !== "function") {
    fail("missing-library",
      "The graph library (cytoscape.js) is not installed on this server: run `npm ci --prefix api/static`. " +
      "The neighbours are listed in the table below.");
    return;
  }

  function load() {
    var block = document.getElementById("graph-data");
    if (block) { return Promise.resolve(JSON.parse(block.textContent)); }
    var uid = container.dataset.uid;
    var path = uid.split("/").map(encodeURIComponent).join("/");
    return fetch("/graph/" + path).then(function (r) {
      if (!r.ok) { throw new Error("GET /graph/" + uid + " answered " + r.status); }
      return r.json();
    });
  }

  function ringPositions(data) {
    var others = data.nodes.filter(function (n) { return n.id !== data.center; });
    others.sort(function (a, b) { return (a.label + a.caption).localeCompare(b.label + b.caption); });
    var positions = {};
    positions[data.center] = { x: 0, y: 0 };
    var perRing = 24;
    others.forEach(function (n, i) {
      var ring = Math.floor(i / perRing);
      var inRing = Math.min(perRing, others.length - ring * perRing);
      var step = 2 * Math.PI / inRing;
      var angle = -Math.PI / 2 + step / 2 + (i % perRing) * step;
      var radius = Math.max(220, inRing * 34 / Math.PI) + ring * 150;
      positions[n.id] = { x: Math.cos(angle) * radius * 1.6, y: Math.sin(angle) * radius };
    });
    return function (node) { return positions[node.id()]; };
  }

  function draw(data) {
    var elements = [];
    data.nodes.forEach(function (n) {
      elements.push({ group: "nodes", data: {
        id: n.id, caption: n.caption, label: n.label, href: n.href, title: n.title,
        colour: COLOURS[n.label] || "#A5ABB6", center: n.id === data.center ? 1 : 0 } });
    });
    data.edges.forEach(function (e) {
      elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, type: e.type } });
    });
    var cy = window.cytoscape({
      container: container,
      elements: elements,
      wheelSensitivity: 0.3,
      maxZoom: 1.3,  // fit() would blow a 3-node graph up to giant labels
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", "label": "data(caption)", "font-size": 11,
          "text-valign": "bottom", "text-margin-y": 4, "width": 26, "height": 26,
          "text-wrap": "ellipsis", "text-max-width": 160, "border-width": 1, "border-color": "#555",
          "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 2 } },
        { selector: "node[center = 1]", style: {
          "width": 44, "height": 44, "border-width": 3, "border-color": "#222", "font-weight": "bold", "font-size": 13 } },
        { selector: "edge", style: {
          "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 1.5,
          "line-color": "#9aa0a6", "target-arrow-color": "#9aa0a6",
          "label": "data(type)", "font-size": 8, "color": "#555", "text-rotation": "autorotate",
          "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
        { selector: "node:selected", style: { "border-color": "#000", "border-width": 3 } }
      ],
      // Rings around the centre, neighbours grouped by label (same colours together), at most 24 per ring;
      // the half-step offset keeps two or four neighbours off the vertical line through the centre's label.
      layout: { name: "preset", positions: ringPositions(data), fit: true, padding: 40, animate: false }
    });
    cy.on("tap", "node", function (evt) {
      var href = evt.target.data("href");
      if (href && evt.target.data("center") !== 1) { window.location.href = href; }
    });
    cy.on("mouseover", "node", function (evt) {
      status.textContent = evt.target.data("label") + " " + evt.target.data("caption") +
        (evt.target.data("title") ? ": " + evt.target.data("title") : "");
    });
    cy.ready(function () {
      container.dataset.rendered = String(cy.nodes().length);
      container.dataset.edges = String(cy.edges().length);
      status.textContent = cy.nodes().length + " nodes, " + cy.edges().length +
        " relationships. Click a node to open its view.";
    });
    window.eusecCy = cy;
  }

  load().then(draw).catch(function (err) { fail("load-failed", "Could not draw the graph: " + err.message); });
})();
