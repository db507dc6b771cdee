// Statistics page (thong-ke/): the older periods are folded (<details>). Loaded right after them (not
// deferred), so that an address pointing to a folded period opens it before the page is shown.
(function () {
  "use strict";
  // paper gets every period: open the folded ones before printing
  addEventListener("beforeprint", () => document.querySelectorAll("details.ck-period-details").forEach((d) => { d.open = true; }));
  // a link to a folded period opens it
  const openTarget = () => {
    const h = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const next = h && h.nextElementSibling;
    if (next && next.matches("details.ck-period-details")) next.open = true;
  };
  addEventListener("hashchange", openTarget);
  openTarget();
})();
