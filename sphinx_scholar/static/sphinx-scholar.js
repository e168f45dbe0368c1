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

// Facet bar: lists with data-scholar-facets get a small form that filters their
// entries in place.  The state lives in the URL (?<list>-year=2024&<list>-q=graph),
// so a filtered view can be shared.  Without JavaScript the full list is shown.
(function () {
  "use strict";
  var LABELS = { year: "Year", type: "Type", tag: "Tag", venue: "Venue" };
  var TYPE_NAMES = {
    article: "Journal article", inproceedings: "Conference paper", preprint: "Preprint",
    chapter: "Book chapter", book: "Book", thesis: "Thesis", report: "Technical report",
    patent: "Patent", unpublished: "Unpublished", misc: "Other"
  };

  function entryValues(entry, facet) {
    var raw = entry.getAttribute("data-" + facet) || "";
    return facet === "tag" ? raw.split("|").filter(Boolean) : (raw ? [raw] : []);
  }

  function outermostGroup(element) {
    var top = element;
    for (var node = element.parentElement; node; node = node.parentElement) {
      if (node.classList && node.classList.contains("scholar-group")) top = node;
    }
    return top;
  }

  function setUp(listId, lists) {
    var facets = lists[0].getAttribute("data-scholar-facets").split(" ").filter(Boolean);
    var entries = [];
    lists.forEach(function (list) {
      list.querySelectorAll(".scholar-publication").forEach(function (entry) { entries.push(entry); });
    });
    var params = new URLSearchParams(window.location.search);
    var form = document.createElement("form");
    form.className = "scholar-facets";
    form.setAttribute("role", "search");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var controls = {};

    facets.forEach(function (facet) {
      var values = {};
      entries.forEach(function (entry) {
        entryValues(entry, facet).forEach(function (value) { values[value] = true; });
      });
      var sorted = Object.keys(values).sort();
      if (facet === "year") sorted.reverse();
      var label = document.createElement("label");
      label.className = "scholar-facet";
      label.appendChild(document.createTextNode(LABELS[facet] + " "));
      var select = document.createElement("select");
      select.name = facet;
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "All";
      select.appendChild(all);
      sorted.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = facet === "type" ? (TYPE_NAMES[value] || value) : value;
        select.appendChild(option);
      });
      select.value = params.get(listId + "-" + facet) || "";
      label.appendChild(select);
      form.appendChild(label);
      controls[facet] = select;
    });

    var searchLabel = document.createElement("label");
    searchLabel.className = "scholar-facet scholar-facet-search";
    // a short visible label keeps the bar to two lines on a phone; the name says what is searched
    searchLabel.appendChild(document.createTextNode("Search "));
    var search = document.createElement("input");
    search.setAttribute("aria-label", "Search publications");
    search.type = "search";
    search.name = "q";
    search.value = params.get(listId + "-q") || "";
    searchLabel.appendChild(search);
    form.appendChild(searchLabel);

    var status = document.createElement("p");
    status.className = "scholar-facet-status";
    status.setAttribute("aria-live", "polite");
    form.appendChild(status);

    function apply(updateUrl) {
      var query = search.value.trim().toLowerCase();
      var shown = 0;
      entries.forEach(function (entry) {
        var visible = facets.every(function (facet) {
          var wanted = controls[facet].value;
          return !wanted || entryValues(entry, facet).indexOf(wanted) !== -1;
        });
        if (visible && query) visible = entry.textContent.toLowerCase().indexOf(query) !== -1;
        entry.hidden = !visible;
        if (visible) shown += 1;
      });
      // Hide group headings (sections or rubrics) whose entries are all hidden.
      lists.forEach(function (list) {
        var empty = !list.querySelector(".scholar-publication:not([hidden])");
        list.hidden = empty;
        var previous = list.previousElementSibling;
        if (previous && previous.classList.contains("scholar-group")) previous.hidden = empty;
      });
      document.querySelectorAll("section.scholar-group").forEach(function (section) {
        if (!section.querySelector("[data-scholar-list='" + listId + "']")) return;
        var visible = section.querySelectorAll(".scholar-publication:not([hidden])").length;
        section.hidden = visible === 0;
        // ":count:" headings ("2024 (5)") show how many entries are left.
        var heading = section.querySelector("h1, h2, h3, h4, h5, h6");
        var counted = heading && heading.firstChild && heading.firstChild.nodeType === 3 &&
          /^(.*) \((\d+)\)$/.exec(heading.firstChild.nodeValue);
        if (counted) heading.firstChild.nodeValue = counted[1] + " (" + visible + ")";
      });
      status.textContent = shown + " of " + entries.length + " shown";
      if (updateUrl) {
        var url = new URL(window.location.href);
        facets.concat(["q"]).forEach(function (name) {
          var value = name === "q" ? search.value.trim() : controls[name].value;
          if (value) url.searchParams.set(listId + "-" + name, value);
          else url.searchParams.delete(listId + "-" + name);
        });
        window.history.replaceState(null, "", url.toString());
      }
    }

    form.addEventListener("change", function () { apply(true); });
    search.addEventListener("input", function () { apply(true); });
    var anchor = outermostGroup(lists[0]);
    anchor.parentNode.insertBefore(form, anchor);
    apply(false);
  }

  function init() {
    var byId = {};
    document.querySelectorAll(".scholar-publications[data-scholar-facets]").forEach(function (list) {
      var id = list.getAttribute("data-scholar-list");
      (byId[id] = byId[id] || []).push(list);
    });
    Object.keys(byId).forEach(function (id) { setUp(id, byId[id]); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// Copy buttons for "Cite as" and BibTeX on publication pages.  Without the
// script (or without clipboard access) the text is still there to select.
(function () {
  "use strict";
  function addButton(block, textElement) {
    if (!navigator.clipboard || block.querySelector(":scope > .scholar-copy")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "scholar-copy";
    button.textContent = "Copy";
    var label = block.querySelector(".scholar-cite-label");
    if (label) button.setAttribute("aria-label", "Copy " + label.textContent.trim());
    // a status region, so screen readers say "Copied" too (a button's new text is not announced)
    var status = document.createElement("span");
    status.className = "scholar-copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(textElement.textContent.trim()).then(function () {
        button.textContent = status.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; status.textContent = ""; }, 2000);
      }, function () { button.textContent = status.textContent = "Select and copy"; });
    });
    block.appendChild(button);
    block.appendChild(status);
  }
  function init() {
    document.querySelectorAll(".scholar-cite").forEach(function (block) {
      var text = block.querySelector(".scholar-cite-text");
      if (text) addButton(block, text);
    });
    document.querySelectorAll(".scholar-entry-full details.scholar-bibtex .scholar-panel-body").forEach(function (body) {
      var text = body.querySelector("pre");
      if (text) addButton(body, text);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
