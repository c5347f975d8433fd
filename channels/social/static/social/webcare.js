/* Webcare: "Kopieer" puts the ready reply on the clipboard and says so (one click, keyboard too). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    var area = document.getElementById(button.dataset.copy);
    var status = document.querySelector("[data-copied-for='" + button.dataset.copy + "']");
    function done(ok) { if (status) status.textContent = ok ? "Gekopieerd." : "Kopiëren lukte niet: selecteer de tekst en kopieer zelf."; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(area.value).then(function () { done(true); }, function () { done(false); });
    } else {
      area.select();
      done(document.execCommand("copy"));
    }
  });
})();
