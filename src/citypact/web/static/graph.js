"use strict";
// The network of places: a small force layout (repulsion between nodes, springs along edges)
// run for a fixed number of steps, then drawn once on a canvas.
(function () {
  var canvas = document.getElementById("graph");
  if (!canvas) { return; }
  var ctx = canvas.getContext("2d");
  var W = canvas.width, H = canvas.height;
  var LABELS = 60;  // names drawn for the best-connected places only

  function layout(nodes, edges, steps) {
    var index = {};
    nodes.forEach(function (n, i) {
      index[n.id] = i;
      var angle = 2 * Math.PI * i / nodes.length;
      n.x = W / 2 + Math.cos(angle) * W / 3; n.y = H / 2 + Math.sin(angle) * H / 3;
    });
    var k = Math.sqrt(W * H / Math.max(1, nodes.length)) * 0.6;
    // Gravity towards the centre balances the repulsion of all nodes at about 0.4 of the canvas,
    // so places without links gather in a disc instead of along the edges.
    var reach = 0.4 * Math.min(W, H), gravity = nodes.length * k * k / (reach * reach);
    for (var step = 0; step < steps; step++) {
      var heat = 10 * (1 - step / steps) + 0.5;
      nodes.forEach(function (n) { n.dx = 0; n.dy = 0; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
          var f = k * k / d2;
          a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
        }
      }
      edges.forEach(function (e) {
        var a = nodes[index[e[0]]], b = nodes[index[e[1]]];
        var dx = a.x - b.x, dy = a.y - b.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var f = d / k;
        a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
      });
      nodes.forEach(function (n) {
        n.dx -= (n.x - W / 2) * gravity; n.dy -= (n.y - H / 2) * gravity;
        var d = Math.sqrt(n.dx * n.dx + n.dy * n.dy) + 0.01;
        n.x = Math.min(W - 10, Math.max(10, n.x + n.dx / d * Math.min(d, heat)));
        n.y = Math.min(H - 10, Math.max(10, n.y + n.dy / d * Math.min(d, heat)));
      });
    }
    return index;
  }

  // Hovering names a place, a click opens its page.
  function interact(nodes) {
    function nearest(event) {
      var box = canvas.getBoundingClientRect();
      var x = (event.clientX - box.left) * W / box.width, y = (event.clientY - box.top) * H / box.height;
      var best = null, bestD = 64;
      nodes.forEach(function (n) {
        var d = (n.x - x) * (n.x - x) + (n.y - y) * (n.y - y);
        if (d < bestD) { best = n; bestD = d; }
      });
      return best;
    }
    canvas.addEventListener("mousemove", function (event) {
      var n = nearest(event);
      canvas.title = n ? n.name + " (" + n.degree + ")" : "";
      canvas.style.cursor = n ? "pointer" : "default";
    });
    canvas.addEventListener("click", function (event) {
      var n = nearest(event);
      if (n) { window.location.href = "/places/" + n.id; }
    });
  }

  window.citypact.getJSON(canvas.dataset.api).then(function (data) {
    var nodes = data.nodes, edges = data.edges, colours = window.citypact.colours;
    var index = layout(nodes, edges, nodes.length > 200 ? 60 : 200);
    var counts = {};
    ctx.globalAlpha = 0.6;
    edges.forEach(function (e) {
      var a = nodes[index[e[0]]], b = nodes[index[e[1]]];
      counts[e[2]] = (counts[e[2]] || 0) + 1;
      ctx.strokeStyle = colours[e[2]] || "#333";
      ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke();
    });
    ctx.globalAlpha = 1;
    ctx.font = "11px system-ui, sans-serif";
    var labelled = nodes.slice().sort(function (a, b) { return b.degree - a.degree; })
      .slice(0, LABELS)[LABELS - 1];
    var minDegree = labelled ? labelled.degree : 0;
    nodes.forEach(function (n) {
      var r = 2 + Math.sqrt(n.degree);
      ctx.fillStyle = "#1d3557";
      ctx.beginPath(); ctx.arc(n.x, n.y, r, 0, 2 * Math.PI); ctx.fill();
      if (n.degree >= minDegree) { ctx.fillText(n.name, n.x + r + 2, n.y + 3); }
    });
    interact(nodes);
    canvas.dataset.drawn = String(edges.length);
    var legend = document.getElementById("graph-legend");
    if (legend) {
      window.citypact.legend(legend, counts);
      var note = document.createElement("span");
      note.textContent = nodes.length + " of " + data.total_places + " places (the best connected)";
      legend.appendChild(note);
    }
  }).catch(function (error) { canvas.dataset.error = String(error); });
})();
