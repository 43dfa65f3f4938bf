"use strict";
// Shared by the map and the graph: status colours and a JSON fetch.
window.citypact = {
  colours: { signed: "#1b7f3b", renewed: "#2a9d8f", approved: "#e09f3e", proposed: "#f4a261",
             existing: "#1d3557", suspended: "#b3261e", ended: "#6d6875" },
  getJSON: function (url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  },
  legend: function (element, counts) {
    var c = window.citypact.colours;
    element.textContent = "";
    Object.keys(counts).forEach(function (status) {
      var span = document.createElement("span");
      span.style.color = c[status] || "#333";
      span.textContent = "■ " + status + " " + counts[status];
      element.appendChild(span);
    });
  }
};
