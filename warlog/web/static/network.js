// The network page: actors (nodes, sized by degree, coloured by kind) and relations (edges) drawn
// with Cytoscape. Click a node: add its relations (/network/expand/ID.json). Double-click: the
// actor's page. Click an edge: its evidence quotes in the side panel (/network/edge.json).
// Every name and quote is untrusted text: it goes into the page through textContent only, and
// Cytoscape draws labels on a canvas.
(function () {
  "use strict";
  var box = document.getElementById("network-graph");
  if (!box || !window.cytoscape) { return; }
  var kinds = JSON.parse(box.getAttribute("data-kinds") || "{}");
  var src = box.getAttribute("data-src");
  var status = document.getElementById("network-status");
  var panel = document.getElementById("edge-panel");
  var expanded = {};

  function say(text) { if (status) { status.textContent = text; } }

  var cy = window.cytoscape({
    container: box,
    elements: [],
    minZoom: 0.1,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "background-color": "data(colour)", "width": "data(size)",
        "height": "data(size)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
        "text-wrap": "ellipsis", "text-max-width": 140, "color": "#222",
        "text-background-color": "#fff", "text-background-opacity": 0.7 } },
      { selector: "node.centre", style: { "border-width": 3, "border-color": "#111" } },
      { selector: "node.expanded", style: { "border-width": 2, "border-color": "#555" } },
      { selector: "edge", style: {
        "label": "data(label)", "curve-style": "bezier", "target-arrow-shape": "triangle",
        "width": 1.5, "line-color": "#999", "target-arrow-color": "#999", "font-size": 9,
        "color": "#444", "text-rotation": "autorotate", "text-background-color": "#fff",
        "text-background-opacity": 0.8 } },
      { selector: "edge.former", style: { "line-style": "dashed" } },
      { selector: "edge:selected", style: { "line-color": "#c0392b", "target-arrow-color": "#c0392b", "width": 3 } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#c0392b" } }
    ]
  });

  function edgeId(e) { return "e\u241f" + e.source + "\u241f" + e.relation + "\u241f" + e.target; }

  function resize() {
    cy.nodes().forEach(function (n) {
      n.data("size", Math.min(70, 16 + 8 * Math.sqrt(n.degree(false))));
    });
  }

  // Adds the graph's nodes and edges that are not drawn yet (new nodes start around `near`, the node
  // being expanded); returns how many actors and relations were added.
  function addGraph(graph, near) {
    var added = { nodes: 0, edges: 0 };
    var origin = near ? near.position() : { x: 0, y: 0 };
    (graph.nodes || []).forEach(function (n) {
      if (cy.getElementById(n.id).length) { return; }
      var angle = Math.random() * 2 * Math.PI;
      cy.add({ group: "nodes", data: { id: n.id, label: n.name || n.id, kind: n.kind,
        colour: kinds[n.kind] || kinds.other || "#888", size: 16 },
        position: { x: origin.x + 80 * Math.cos(angle), y: origin.y + 80 * Math.sin(angle) } });
      added.nodes += 1;
    });
    (graph.edges || []).forEach(function (e) {
      var id = edgeId(e);
      if (cy.getElementById(id).length) { return; }
      var edge = cy.add({ group: "edges", data: { id: id, source: e.source, target: e.target,
        label: e.relation + (e.former ? " (former)" : ""), relation: e.relation } });
      if (e.former) { edge.addClass("former"); }
      added.edges += 1;
    });
    resize();
    return added;
  }

  // Rings around the centre: an actor's ring is its number of steps from the centre actor.
  var centreId = null;
  function layout() {
    var steps = {}, deepest = 0;
    if (centreId && cy.getElementById(centreId).length) {
      cy.elements().breadthFirstSearch({ roots: cy.getElementById(centreId), directed: false,
        visit: function (v, e, u, i, depth) { steps[v.id()] = depth; deepest = Math.max(deepest, depth); } });
    }
    var run = cy.layout({ name: "concentric", fit: true, padding: 40, avoidOverlap: true, minNodeSpacing: 70,
      animate: false, levelWidth: function () { return 1; },
      concentric: function (n) { return deepest + 1 - (n.id() in steps ? steps[n.id()] : deepest + 1); } });
    run.one("layoutstop", function () {
      if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }  // a small graph is not blown up
    });
    run.run();
  }

  function getJSON(url) {
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.error || ("HTTP " + r.status)); }
        return body;
      });
    });
  }

  function expand(node) {
    var id = node.id();
    if (expanded[id]) { return; }
    expanded[id] = true;
    node.addClass("expanded");
    say("Loading the relations of " + node.data("label") + "…");
    getJSON("/network/expand/" + encodeURIComponent(id) + ".json").then(function (graph) {
      var added = addGraph(graph, node);
      if (added.nodes || added.edges) { layout(); }
      say(added.nodes || added.edges
        ? "Added " + added.nodes + " actor(s) and " + added.edges + " relation(s) around " + node.data("label") +
          (graph.truncated ? " (only the first relations: this actor has many)." : ".")
        : node.data("label") + " has no other relations.");
    }).catch(function (err) {
      expanded[id] = false;
      say("Could not expand " + node.data("label") + ": " + err.message);
    });
  }

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    if (cls) { x.className = cls; }
    return x;
  }

  function showEdge(edge) {
    if (!panel) { return; }
    var a = edge.data("source"), b = edge.data("target");
    panel.replaceChildren(el("p", "Loading the evidence…"));
    getJSON("/network/edge.json?a=" + encodeURIComponent(a) + "&b=" + encodeURIComponent(b)).then(function (data) {
      var title = el("h2", (cy.getElementById(a).data("label") || a) + " — " + (cy.getElementById(b).data("label") || b));
      var list = el("ol", null, "evidence");
      (data.relations || []).forEach(function (r) {
        var li = el("li");
        var head = el("p", null, "relation");
        head.appendChild(el("strong", r.subject.name));
        head.appendChild(document.createTextNode(" " + r.relation + (r.former ? " (former)" : "") + " "));
        head.appendChild(el("strong", r.object.name));
        if (r.certainty && r.certainty !== "asserted") { head.appendChild(el("span", " · " + r.certainty, "muted")); }
        if (r.date) { head.appendChild(el("span", " · " + r.date, "muted")); }
        li.appendChild(head);
        (r.evidence || []).forEach(function (ev) {
          li.appendChild(el("blockquote", ev.quote));
          var src = el("p", null, "source");
          var link = el("a", "document " + ev.doc_id);
          link.href = "/documents/" + encodeURIComponent(ev.doc_id);
          src.appendChild(link);
          li.appendChild(src);
        });
        list.appendChild(li);
      });
      var count = el("p", (data.relations || []).length + " statement(s) in the store.", "muted");
      panel.replaceChildren(title, count, list);
    }).catch(function (err) {
      panel.replaceChildren(el("p", "Could not load the evidence: " + err.message, "error"));
    });
  }

  // Cytoscape fires dbltap for two quick taps anywhere: open the actor only when both were on it.
  var taps = [null, null];
  cy.on("tap", function (evt) { taps = [taps[1], evt.target === cy ? null : evt.target.id()]; });
  cy.on("tap", "node", function (evt) { expand(evt.target); });
  cy.on("dbltap", "node", function (evt) {
    var id = evt.target.id();
    if (taps[0] !== id || taps[1] !== id) { return; }
    if (id.indexOf("name:") !== 0) { window.location.href = "/actors/" + encodeURIComponent(id); }
  });
  cy.on("tap", "edge", function (evt) { showEdge(evt.target); });

  if (!src) { return; }
  say("Loading the network…");
  getJSON(src).then(function (graph) {
    addGraph(graph);
    if (graph.centre) {
      centreId = graph.centre;
      cy.getElementById(centreId).addClass("centre");
      expanded[centreId] = true;
    }
    layout();
    say(cy.nodes().length + " actors, " + cy.edges().length + " relations" +
      (graph.truncated ? " (cut short: ask for a smaller depth)" : "") +
      ". Click an actor to add its relations, double-click to open it; click a relation for its evidence.");
  }).catch(function (err) { say("Could not load the network: " + err.message); });
}());
