function sortTable(th) {
  const table = th.closest("table"), idx = Array.from(th.parentNode.children).indexOf(th);
  const body = table.tBodies[0], rows = Array.from(body.rows);
  const dir = th.dataset.dir === "desc" ? 1 : -1; th.dataset.dir = dir === 1 ? "asc" : "desc";
  rows.sort((a, b) => {
    const x = a.cells[idx].dataset.v, y = b.cells[idx].dataset.v;
    const nx = parseFloat(x), ny = parseFloat(y);
    if (!isNaN(nx) && !isNaN(ny)) return dir * (nx - ny);
    return dir * String(x).localeCompare(String(y));
  });
  rows.forEach(r => body.appendChild(r));
}
function toggleFold(button) {
  const fold = button.parentNode;
  fold.classList.toggle("open");
  button.setAttribute("aria-expanded", fold.classList.contains("open"));
}
/* Charts are drawn at screen width; fit them to the paper before printing and back after. */
function resizePlots() {
  document.querySelectorAll(".js-plotly-plot").forEach(d => Plotly.Plots.resize(d));
}
window.addEventListener("beforeprint", resizePlots);
window.addEventListener("afterprint", resizePlots);
if (window.matchMedia) { window.matchMedia("print").addEventListener("change", resizePlots); }
function showHorizon(button, id) {
  const box = button.closest("section");
  box.querySelectorAll(".horizon").forEach(d => { d.hidden = d.id !== id; });
  button.parentNode.querySelectorAll("button").forEach(b => b.classList.toggle("on", b === button));
  box.querySelectorAll(".js-plotly-plot").forEach(d => Plotly.Plots.resize(d));
}
function filterAlerts(select) {
  const list = select.closest(".alerts").querySelector(".alert-list");
  list.querySelectorAll("tr").forEach(r => { r.hidden = select.value !== "" && r.dataset.trigger !== select.value; });
}
