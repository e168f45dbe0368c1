/* The scholar theme's two buttons, with no framework (sphinx-scholar.js opens
   abstracts for printing).  Without JavaScript the buttons stay hidden: the
   menu is shown open and the scheme follows the system. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "scholar-scheme";
  var SCHEMES = ["auto", "light", "dark"];

  function storedScheme() {
    try {
      var value = localStorage.getItem(KEY);
      return SCHEMES.indexOf(value) > 0 ? value : "auto";
    } catch (error) {
      return "auto"; // storage refused (private mode, file:// policies)
    }
  }

  function applyScheme(button, scheme) {
    if (scheme === "auto") root.removeAttribute("data-scheme");
    else root.setAttribute("data-scheme", scheme);
    button.setAttribute("data-scheme", scheme);
    var label = button.getAttribute("data-label-" + scheme);
    button.setAttribute("aria-label", label);
    button.title = label;
  }

  function setUpScheme() {
    var button = document.querySelector(".scholar-scheme-button");
    if (!button) return;
    applyScheme(button, storedScheme());
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = SCHEMES[(SCHEMES.indexOf(button.getAttribute("data-scheme")) + 1) % SCHEMES.length];
      try {
        if (next === "auto") localStorage.removeItem(KEY);
        else localStorage.setItem(KEY, next);
      } catch (error) { /* the choice lasts for this page only */ }
      applyScheme(button, next);
    });
  }

  function setUpMenu() {
    var button = document.querySelector(".scholar-menu-button");
    var header = document.querySelector(".scholar-header");
    if (!button || !header) return;
    button.hidden = false;
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("scholar-menu-open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  function start() {
    setUpScheme();
    setUpMenu();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
