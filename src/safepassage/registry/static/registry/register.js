// The one-form registration: show the script of each name as it is typed (the server detects it
// again when the name is saved; without this script the page works the same).
(function () {
  "use strict";
  var labels = {};
  function scriptOf(text) {
    var hangul = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(text);
    var cyrillic = /[\u0400-\u04ff]/.test(text);
    var latin = /[A-Za-z\u00c0-\u024f]/.test(text);
    var found = [hangul && "hangul", cyrillic && "cyrillic", latin && "latin"].filter(Boolean);
    if (found.length > 1) { return "mixed"; }
    return found[0] || (text.trim() ? "other" : "");
  }
  function show(input) {
    var out = document.querySelector('output[data-for="' + input.id + '"]');
    if (out) { out.textContent = labels[scriptOf(input.value)] || ""; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("register-form");
    if (!form) { return; }
    ["hangul", "cyrillic", "latin", "mixed", "other"].forEach(function (key) {
      labels[key] = form.getAttribute("data-script-" + key) || key;
    });
    form.querySelectorAll("input[data-script-detect]").forEach(function (input) {
      input.addEventListener("input", function () { show(input); });
    });
  });
})();
