// The map page: events (GeoJSON from /map.json with the page's filters) as circles sized by the number
// killed and coloured by PLOVER type, drawn hollow and dashed when the location is only a province or
// a country. The base layer is the country outlines served by warlog itself, so the map works
// offline; OpenStreetMap tiles are an optional layer, offered when the browser says it is online.
// Article text is untrusted: popups are built with textContent, never from HTML strings.
(function () {
  "use strict";
  var box = document.getElementById("event-map");
  if (!box || !window.L) { return; }
  var palette = JSON.parse(box.getAttribute("data-palette") || "{}");
  var other = box.getAttribute("data-other") || "#555";
  var PRECISION = { 1: "the place itself", 2: "near the place, or its district", 3: "somewhere in the province",
    4: "somewhere in the country" };
  var MAX_LISTED = 15;

  var map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 14 }).setView([25, 30], 2);
  // outlines on a canvas (big polygons), events as SVG circles (clickable, and elements a test can find)
  var outlines = L.geoJSON(null, { interactive: false, renderer: L.canvas({ padding: 0.5 }),
    style: { color: "#8f8f8f", weight: 0.7, fillColor: "#f3f1ea", fillOpacity: 1 } }).addTo(map);
  map.attributionControl.addAttribution("Outlines: countryinfo");
  var events = L.featureGroup().addTo(map);
  var overlays = { "Events": events };
  if (navigator.onLine) {
    overlays["OpenStreetMap tiles (online)"] = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19, attribution: "&copy; OpenStreetMap contributors" });
  }
  L.control.layers({ "Country outlines (offline)": outlines }, overlays, { collapsed: true }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  // Leaflet sizes its layers once: redraw when the box changes size (fonts, scroll bars, window)
  if (window.ResizeObserver) { new window.ResizeObserver(function () { map.invalidateSize(); }).observe(box); }

  function radius(killed) {
    var k = Number(killed) || 0;
    return Math.min(40, 5 + 3 * Math.sqrt(k));
  }

  function style(p) {
    var colour = palette[p.type] || other;
    var precision = Number(p.geo_precision) || 1;
    return {
      radius: radius(p.fatalities), color: colour, fillColor: colour, weight: precision >= 3 ? 2 : 1.5,
      fillOpacity: precision === 1 ? 0.65 : precision === 2 ? 0.3 : 0.05,
      dashArray: precision >= 3 ? "4 3" : null
    };
  }

  function row(dl, label, value) {
    if (value === null || value === undefined || value === "") { return; }
    var dt = document.createElement("dt");
    dt.textContent = label;
    var dd = document.createElement("dd");
    dd.textContent = String(value);
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function entry(p, full) {
    var root = document.createElement("div");
    root.className = full ? "map-event" : "map-event short";
    var title = document.createElement("a");
    title.href = "/events/" + encodeURIComponent(p.id);
    title.textContent = p.type + (p.date ? " · " + p.date : "");
    var h = document.createElement("p");
    h.className = "title";
    h.appendChild(title);
    root.appendChild(h);
    var dl = document.createElement("dl");
    var precision = Number(p.geo_precision);
    row(dl, "Place", [p.place, p.admin1, p.country].filter(Boolean).join(", "));
    row(dl, "Precision", precision ? (precision === 4 ? "country" : precision) + ": " + (PRECISION[precision] || "")
      : "unknown");
    row(dl, "Killed", p.fatalities);
    if (full) {
      if (p.location_relation) { row(dl, "Where", p.location_relation + " " + (p.place || "")); }
      row(dl, "Date precision", p.date_precision);
      row(dl, "Actors", p.actors);
      row(dl, "Recipients", p.recipients);
      if (p.certainty && p.certainty !== "asserted") {
        row(dl, "Certainty", p.certainty + (p.attributed_to ? " (" + p.attributed_to + ")" : ""));
      }
    }
    root.appendChild(dl);
    if (full && p.quote) {
      var q = document.createElement("blockquote");
      q.textContent = p.quote;
      root.appendChild(q);
    }
    return root;
  }

  // One event in full, and the other events drawn at the very same point in short (a town's events
  // all sit on its centre, so only the top circle could be clicked otherwise).
  function popup(p, group) {
    var root = document.createElement("div");
    root.className = "map-popup";
    root.appendChild(entry(p, true));
    var others = group.filter(function (x) { return x !== p; });
    if (others.length) {
      var head = document.createElement("p");
      head.className = "also";
      head.textContent = others.length + " other event" + (others.length > 1 ? "s" : "") + " at this point:";
      root.appendChild(head);
      others.slice(0, MAX_LISTED).forEach(function (x) { root.appendChild(entry(x, false)); });
      if (others.length > MAX_LISTED) {
        var more = document.createElement("p");
        more.textContent = "… and " + (others.length - MAX_LISTED) + " more (the events list shows them all).";
        root.appendChild(more);
      }
    }
    return root;
  }

  function load(url) {
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  load(box.getAttribute("data-basemap")).then(function (g) {
    outlines.addData(g);
    outlines.bringToBack();
  }).catch(function () { /* no outlines: the events still show */ });

  load(box.getAttribute("data-src")).then(function (collection) {
    var features = (collection.features || []).slice();
    // the biggest circles first, so that small ones stay clickable on top of them
    features.sort(function (a, b) { return (Number(b.properties.fatalities) || 0) - (Number(a.properties.fatalities) || 0); });
    var at = {};
    features.forEach(function (f) {
      var c = f.geometry && f.geometry.coordinates;
      if (!c || c.length < 2) { return; }
      var key = c[0] + "," + c[1];
      (at[key] = at[key] || []).push(f.properties);
    });
    features.forEach(function (f) {
      var c = f.geometry && f.geometry.coordinates;
      if (!c || c.length < 2) { return; }
      var group = at[c[0] + "," + c[1]];
      var marker = L.circleMarker([c[1], c[0]], style(f.properties));
      marker.bindPopup(function () { return popup(f.properties, group); }, { maxWidth: 360, maxHeight: 420 });
      marker.addTo(events);
    });
    if (features.length) {
      map.fitBounds(events.getBounds(), { padding: [30, 30], maxZoom: 6 });
    }
    box.setAttribute("data-loaded", String(features.length));
  }).catch(function (err) {
    var p = document.createElement("p");
    p.className = "error";
    p.textContent = "Could not load the events: " + err.message;
    box.parentNode.insertBefore(p, box);
  });
}());
