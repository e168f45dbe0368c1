// sphinx-scholar: optional progressive enhancement; every list works without it.
// - keeps one panel open per entry, as hand-made homepages do;
// - opens abstracts while printing, for browsers without ::details-content.
(function () {
  "use strict";
  document.addEventListener("toggle", function (event) {
    var panel = event.target;
    if (!panel.open || !panel.classList || !panel.classList.contains("scholar-panel")) return;
    if (panel.classList.contains("scholar-authors-all")) return;
    var entry = panel.closest(".scholar-publication");
    if (!entry) return;
    entry.querySelectorAll("details.scholar-panel[open]").forEach(function (other) {
      if (other !== panel && !other.classList.contains("scholar-authors-all")) other.open = false;
    });
  }, true);
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.scholar-abstract:not([open])").forEach(function (panel) {
      panel.open = true;
      openedForPrint.push(panel);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (panel) { panel.open = false; });
    openedForPrint = [];
  });
})();
