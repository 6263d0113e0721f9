/* plotly.js is embedded gzip-compressed (a third of its size) and unpacked here, with no
   network; each chart's script hands its drawing to plotlyReady, which runs it once plotly.js
   is in place (at once after that). */
window.plotlyReady = (function () {
  var queue = [], ready = false;
  function run() { ready = true; queue.splice(0).forEach(function (f) { f(); }); }
  var packed = document.getElementById("plotly-gz").textContent.trim();
  var bin = atob(packed), bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  new Response(stream).text().then(function (code) {
    var el = document.createElement("script");
    el.text = code;
    document.head.appendChild(el);  /* runs at once: window.Plotly is set */
    document.documentElement.dataset.plotly = "ready";
    run();
  });
  return function (draw) { if (ready) draw(); else queue.push(draw); };
})();
