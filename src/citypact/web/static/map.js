"use strict";
// The partnership map: Natural Earth land outlines (TopoJSON arcs) and one line per partnership,
// drawn on a canvas in an equirectangular projection so that 26,000 lines draw in well under a second.
(function () {
  var canvas = document.getElementById("map");
  if (!canvas) { return; }
  var ctx = canvas.getContext("2d");
  var W = canvas.width, H = canvas.height;
  function project(lon, lat) { return [(lon + 180) / 360 * W, (90 - lat) / 180 * H]; }

  function drawLand(topology) {
    var t = topology.transform;
    ctx.strokeStyle = "#8aa0b4";
    ctx.fillStyle = "#f4f1ea";
    ctx.lineWidth = 0.6;
    topology.arcs.forEach(function (arc) {
      var x = 0, y = 0, last = null;
      ctx.beginPath();
      arc.forEach(function (p) {
        x += p[0]; y += p[1];
        var xy = project(x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]);
        // a segment across the antimeridian or along the map's edge is not a coastline
        var jump = last === null || Math.abs(xy[0] - last[0]) > W / 2 || (Math.abs(xy[1] - last[1]) < 0.01 && Math.abs(xy[0] - last[0]) > W / 8);
        if (jump) { ctx.moveTo(xy[0], xy[1]); } else { ctx.lineTo(xy[0], xy[1]); }
        last = xy;
      });
      ctx.stroke();
    });
  }

  function drawLinks(data) {
    var counts = {};
    var colours = window.citypact.colours;
    var focus = canvas.dataset.place ? Number(canvas.dataset.place) : null;
    ctx.globalAlpha = data.links.length > 2000 ? 0.25 : 0.8;
    data.links.forEach(function (link) {
      var a = data.places[link[0]], b = data.places[link[1]];
      var pa = project(a[3], a[2]), pb = project(b[3], b[2]);
      counts[link[2]] = (counts[link[2]] || 0) + 1;
      ctx.strokeStyle = colours[link[2]] || "#333";
      ctx.lineWidth = data.links.length > 2000 ? 0.5 : 1.5;
      ctx.beginPath(); ctx.moveTo(pa[0], pa[1]); ctx.lineTo(pb[0], pb[1]); ctx.stroke();
    });
    ctx.globalAlpha = 1;
    data.places.forEach(function (p) {
      var xy = project(p[3], p[2]);
      ctx.fillStyle = focus !== null && p[0] === focus ? "#e63946" : "#1d3557";
      ctx.beginPath(); ctx.arc(xy[0], xy[1], focus !== null && p[0] === focus ? 4 : 1.6, 0, 2 * Math.PI); ctx.fill();
    });
    canvas.dataset.drawn = String(data.links.length);
    var legend = document.getElementById("map-legend");
    if (legend) { window.citypact.legend(legend, counts); }
  }

  Promise.all([
    window.citypact.getJSON("/static/vendor/world-atlas-2.0.2/land-110m.json"),
    window.citypact.getJSON(canvas.dataset.api)
  ]).then(function (results) {
    drawLand(results[0]);
    drawLinks(results[1]);
  }).catch(function (error) {
    canvas.dataset.error = String(error);
  });
})();
