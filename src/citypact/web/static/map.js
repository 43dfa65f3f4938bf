"use strict";
// The partnership map: Natural Earth land outlines (TopoJSON arcs) and one line per partnership,
// coloured by status, drawn on a canvas in an equirectangular projection: 26,000 lines draw in
// well under a second. The view fits the places shown; hovering names a place, a click opens it.
(function () {
  var canvas = document.getElementById("map");
  if (!canvas) { return; }
  var ctx = canvas.getContext("2d");
  var W = canvas.width, H = canvas.height;
  var view = { west: -180, east: 180, south: -90, north: 90 };
  var LABELS_UP_TO = 40;  // places; more would be clutter

  function project(lon, lat) {
    return [(lon - view.west) / (view.east - view.west) * W, (view.north - lat) / (view.north - view.south) * H];
  }

  // The smallest window around the places with the canvas's aspect ratio, padded, inside the world.
  function fit(places) {
    if (places.length < 2) { return; }
    var lats = places.map(function (p) { return p[2]; }), lons = places.map(function (p) { return p[3]; });
    var west = Math.min.apply(null, lons), east = Math.max.apply(null, lons);
    var south = Math.min.apply(null, lats), north = Math.max.apply(null, lats);
    var width = Math.max(20, (east - west) * 1.3), height = Math.max(10, (north - south) * 1.3);
    if (width / height > W / H) { height = width * H / W; } else { width = height * W / H; }
    if (width >= 360 || height >= 180) { return; }
    var cx = (west + east) / 2, cy = (south + north) / 2;
    cx = Math.min(180 - width / 2, Math.max(-180 + width / 2, cx));
    cy = Math.min(90 - height / 2, Math.max(-90 + height / 2, cy));
    view = { west: cx - width / 2, east: cx + width / 2, south: cy - height / 2, north: cy + height / 2 };
  }

  function drawLand(topology) {
    var t = topology.transform;
    ctx.strokeStyle = "#8aa0b4";
    ctx.lineWidth = 0.6;
    topology.arcs.forEach(function (arc) {
      var x = 0, y = 0, last = null;
      ctx.beginPath();
      arc.forEach(function (p) {
        x += p[0]; y += p[1];
        var lon = x * t.scale[0] + t.translate[0], lat = y * t.scale[1] + t.translate[1];
        var xy = project(lon, lat);
        // a segment across the antimeridian or along the world's edge is not a coastline
        var jump = last === null || Math.abs(lon - last[0]) > 180 || (Math.abs(lat - last[1]) < 0.01 && Math.abs(lon - last[0]) > 45);
        if (jump) { ctx.moveTo(xy[0], xy[1]); } else { ctx.lineTo(xy[0], xy[1]); }
        last = [lon, lat];
      });
      ctx.stroke();
    });
  }

  function drawLinks(data) {
    var counts = {}, colours = window.citypact.colours, many = data.links.length > 2000;
    var focus = canvas.dataset.place ? Number(canvas.dataset.place) : null;
    var byStatus = {};
    data.links.forEach(function (link) {
      (byStatus[link[2]] = byStatus[link[2]] || []).push(link);
      counts[link[2]] = (counts[link[2]] || 0) + 1;
    });
    ctx.globalAlpha = many ? Math.max(0.05, Math.min(0.25, 2000 / data.links.length)) : 0.85;
    ctx.lineWidth = many ? 0.5 : 1.8;
    Object.keys(byStatus).forEach(function (status) {  // one path per status: fast at 26,000 lines
      ctx.strokeStyle = colours[status] || "#333";
      ctx.beginPath();
      byStatus[status].forEach(function (link) {
        var a = data.places[link[0]], b = data.places[link[1]];
        var pa = project(a[3], a[2]), pb = project(b[3], b[2]);
        ctx.moveTo(pa[0], pa[1]); ctx.lineTo(pb[0], pb[1]);
      });
      ctx.stroke();
    });
    ctx.globalAlpha = 1;
    ctx.font = "12px system-ui, sans-serif";
    data.places.forEach(function (p) {
      var xy = project(p[3], p[2]), focused = focus !== null && p[0] === focus;
      ctx.fillStyle = focused ? "#e63946" : "#1d3557";
      ctx.beginPath(); ctx.arc(xy[0], xy[1], focused ? 5 : (many ? 1.4 : 3), 0, 2 * Math.PI); ctx.fill();
      if (data.places.length <= LABELS_UP_TO) { ctx.fillText(p[1], xy[0] + 5, xy[1] - 4); }
    });
    canvas.dataset.drawn = String(data.links.length);
    var legend = document.getElementById("map-legend");
    if (legend) { window.citypact.legend(legend, counts); }
  }

  function nearest(data, event) {
    var box = canvas.getBoundingClientRect();
    var x = (event.clientX - box.left) * W / box.width, y = (event.clientY - box.top) * H / box.height;
    var best = null, bestD = 36;  // within 6 canvas pixels
    data.places.forEach(function (p) {
      var xy = project(p[3], p[2]), d = (xy[0] - x) * (xy[0] - x) + (xy[1] - y) * (xy[1] - y);
      if (d < bestD) { best = p; bestD = d; }
    });
    return best;
  }

  function interact(data) {
    canvas.addEventListener("mousemove", function (event) {
      var p = nearest(data, event);
      canvas.title = p ? p[1] : "";
      canvas.style.cursor = p && p[0] !== null ? "pointer" : "default";
    });
    canvas.addEventListener("click", function (event) {
      var p = nearest(data, event);
      if (p && p[0] !== null) { window.location.href = "/places/" + p[0]; }
    });
  }

  Promise.all([
    window.citypact.getJSON("/static/vendor/world-atlas-2.0.2/land-110m.json"),
    window.citypact.getJSON(canvas.dataset.api)
  ]).then(function (results) {
    fit(results[1].places);
    drawLand(results[0]);
    drawLinks(results[1]);
    interact(results[1]);
  }).catch(function (error) {
    canvas.dataset.error = String(error);
    var legend = document.getElementById("map-legend");
    if (legend) { legend.textContent = "The map could not be drawn: " + error.message; }
  });
})();
