// Material for MkDocs' inline scripts after the content (partials/javascripts/content.html,
// mkdocs-material 9.8.1, MIT licence, Martin Donath), as a file: the Content-Security-Policy allows no
// inline script. Opens the content tab an address points to (and, with the theme's "content.tabs.link"
// feature, the tabs last chosen).
(function () {
  if (document.currentScript && document.currentScript.hasAttribute("data-tabs-link")) {
    var tabs = __md_get("__tabs");
    if (Array.isArray(tabs)) e: for (var set of document.querySelectorAll(".tabbed-set")) {
      var labels = set.querySelector(".tabbed-labels");
      for (var tab of tabs) for (var label of labels.getElementsByTagName("label")) {
        if (label.innerText.trim() === tab) { document.getElementById(label.htmlFor).checked = true; continue e; }
      }
    }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
