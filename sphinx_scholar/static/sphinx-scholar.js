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

// Facet bar: a list with data-scholar-facets has its form in the page (writers/html.py,
// hidden without scripts); here its menus are filled and it filters the entries in place.
// The state lives in the URL (?<list>-year=2024&<list>-q=graph), so a filtered view can
// be shared.  Without JavaScript the full list is shown.
(function () {
  "use strict";
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

  // Letters that Unicode does not decompose into a base letter and a mark.
  var FOLDED = { "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i" };

  // "Nguyễn" -> "nguyen", "Rényi" -> "renyi": searches ignore case and accents.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[øłđðþßæœı]/g, function (letter) { return FOLDED[letter]; });
  }

  // What a visitor reads of an entry: title, authors (all of them), venue and badges,
  // year and tags; not the abstract or the BibTeX source behind the toggles.
  var VISIBLE_PARTS = ".scholar-title, .scholar-authors, .scholar-venue, .scholar-details-line";

  function searchableText(entry) {
    var parts = [];
    entry.querySelectorAll(VISIBLE_PARTS).forEach(function (part) { parts.push(part.textContent); });
    ["year", "venue", "tag"].forEach(function (facet) {
      parts.push((entry.getAttribute("data-" + facet) || "").replace(/\|/g, " "));
    });
    return fold(parts.join(" ").replace(/\s+/g, " "));
  }

  // Links to a section of this page (the theme's table of contents), by section id.
  function tocItems(id) {
    var items = [];
    document.querySelectorAll("a[href*='#']").forEach(function (link) {
      if (link.closest(".scholar-publications, section.scholar-group")) return;
      var url = new URL(link.href, window.location.href);
      if (url.hash !== "#" + id || url.pathname !== window.location.pathname) return;
      items.push(link.closest("li") || link);
    });
    return items;
  }

  function setUp(listId, lists) {
    var facets = lists[0].getAttribute("data-scholar-facets").split(" ").filter(Boolean);
    var entries = [];
    lists.forEach(function (list) {
      list.querySelectorAll(".scholar-publication").forEach(function (entry) { entries.push(entry); });
    });
    var texts = entries.map(searchableText);
    var params = new URLSearchParams(window.location.search);
    var form = document.querySelector("form.scholar-facets[data-scholar-for='" + listId + "']");
    if (!form) return;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var controls = {};

    facets.forEach(function (facet) {
      var select = form.querySelector("select[name='" + facet + "']");
      var values = {};
      entries.forEach(function (entry) {
        entryValues(entry, facet).forEach(function (value) { values[value] = true; });
      });
      var sorted = Object.keys(values).sort();
      if (facet === "year") sorted.reverse();
      sorted.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = facet === "type" ? (TYPE_NAMES[value] || value) : value;
        select.appendChild(option);
      });
      select.value = params.get(listId + "-" + facet) || "";
      controls[facet] = select;
    });

    var search = form.querySelector("input[name='q']");
    search.value = params.get(listId + "-q") || "";
    var clear = form.querySelector(".scholar-facet-clear");
    var status = form.querySelector(".scholar-facet-status");

    function filtering() {
      return search.value.trim() !== "" || facets.some(function (facet) { return controls[facet].value; });
    }

    function apply(updateUrl) {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      entries.forEach(function (entry, index) {
        var visible = facets.every(function (facet) {
          var wanted = controls[facet].value;
          return !wanted || entryValues(entry, facet).indexOf(wanted) !== -1;
        });
        if (visible) visible = words.every(function (word) { return texts[index].indexOf(word) !== -1; });
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
        // and the page's table of contents: no link to a group the filter emptied
        if (section.id) tocItems(section.id).forEach(function (item) { item.hidden = visible === 0; });
        // ":count:" headings ("2024 (5)") show how many entries are left.
        var heading = section.querySelector("h1, h2, h3, h4, h5, h6");
        var counted = heading && heading.firstChild && heading.firstChild.nodeType === 3 &&
          /^(.*) \((\d+)\)$/.exec(heading.firstChild.nodeValue);
        if (counted) heading.firstChild.nodeValue = counted[1] + " (" + visible + ")";
      });
      // the list's legend ("* equal contribution") has nothing to explain when no entry is left
      var legend = outermostGroup(lists[lists.length - 1]).nextElementSibling;
      if (legend && legend.classList.contains("scholar-legend")) legend.hidden = shown === 0;
      status.textContent = shown === 0 ? "No publications match these filters." :
        shown + " of " + entries.length + " shown";
      clear.hidden = !filtering();
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

    clear.addEventListener("click", function () {
      facets.forEach(function (facet) { controls[facet].value = ""; });
      search.value = "";
      apply(true);
      search.focus();
    });
    form.addEventListener("change", function () { apply(true); });
    search.addEventListener("input", function () { apply(true); });
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
