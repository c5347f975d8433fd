/* Live character counter for inputs with data-kb-count="<max>" (optional data-kb-count-ideal="<n>").
   Shows "123 van 300 tekens" under the field, updated on every keystroke, announced politely to screen readers. */
(function () {
  "use strict";
  function attach(input) {
    if (input.dataset.kbCountReady) return;
    input.dataset.kbCountReady = "1";
    var max = parseInt(input.dataset.kbCount, 10);
    var ideal = parseInt(input.dataset.kbCountIdeal || "0", 10);
    var out = document.createElement("p");
    out.className = "kb-count";
    out.setAttribute("aria-live", "polite");
    out.id = (input.id || input.name) + "-kb-count";
    input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + out.id).trim());
    input.insertAdjacentElement("afterend", out);
    function update() {
      var n = Array.from(input.value).length;
      var state = n > max ? "over" : (ideal && n > ideal ? "long" : "ok");
      out.dataset.state = state;
      var text = n + " van " + max + " tekens";
      if (state === "over") text += " (" + (n - max) + " te veel)";
      else if (state === "long") text += " (korter is beter: richtwaarde " + ideal + ")";
      out.textContent = text;
    }
    input.addEventListener("input", update);
    update();
  }
  function scan(root) { (root || document).querySelectorAll("[data-kb-count]").forEach(attach); }
  document.addEventListener("DOMContentLoaded", function () { scan(); });
  document.addEventListener("wagtail:panel-init", function () { scan(); });
  if (document.readyState !== "loading") scan();
})();
