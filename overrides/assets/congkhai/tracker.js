// Task tracker filters: show the rows whose unit, period and status match the chosen values.
// Without JavaScript the whole table is shown; the form stays hidden.
(function () {
  "use strict";
  var form = document.querySelector(".ck-filters");
  var table = document.querySelector(".ck-tracker-table");
  if (!form || !table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = form.querySelector(".ck-filter-count");
  var params = new URLSearchParams(window.location.search);
  ["unit", "period", "status"].forEach(function (name) {
    if (params.has(name)) form.elements[name].value = params.get(name);
  });
  function has(list, value) { return (" " + list + " ").indexOf(" " + value + " ") !== -1; }
  function apply() {
    var unit = form.elements.unit.value, period = form.elements.period.value, status = form.elements.status.value;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!unit || has(row.dataset.units, unit)) &&
               (!period || row.dataset.period === period) &&
               (!status || row.dataset.status.split(" quá hạn")[0] === status || (status === "quá hạn" && row.dataset.status.indexOf("quá hạn") !== -1));
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    // the whole of the count: every task of every plan, those not to be done (không thực hiện) included
    count.textContent = "Đang hiện " + shown + " trong tổng số " + rows.length + " nhiệm vụ";
  }
  function remember() {
    // the address keeps the choice, so a filtered list can be shared or bookmarked
    var query = new URLSearchParams();
    ["unit", "period", "status"].forEach(function (name) {
      if (form.elements[name].value) query.set(name, form.elements[name].value);
    });
    var search = query.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  }
  form.addEventListener("change", function () { apply(); remember(); });
  form.hidden = false;
  apply();
})();
