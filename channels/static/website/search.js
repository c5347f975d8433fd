/* Results as you type: progressive enhancement of the plain GET search form (works without this script). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-search]");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }
  var input = form.querySelector("input[name=q]");
  var results = document.getElementById("zoekresultaten");
  var status = document.getElementById("zoekstatus");
  var endpoint = form.getAttribute("data-live-search");
  var timer = null;
  var controller = null;
  var lastQuery = null;
  var pauseTimer = null;

  function params() {
    var data = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.value) { data.append(el.name, el.value); }
    });
    return data.toString();
  }

  function update() {
    var query = params();
    if (query === lastQuery) { return; }
    lastQuery = query;
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    fetch(endpoint + "?" + query, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.text();
    }).then(function (html) {
      results.innerHTML = html;
      window.clearTimeout(pauseTimer);
      pauseTimer = window.setTimeout(function () { widen(query); }, 900);
      var block = results.querySelector("[data-status]");
      if (status) { status.textContent = block ? block.getAttribute("data-status") : ""; }
      if (window.history && history.replaceState) {
        history.replaceState(null, "", form.getAttribute("action") + (query ? "?" + query : ""));
      }
    }).catch(function (error) {
      if (error && error.name === "AbortError") { return; }
      if (status) { status.textContent = "Zoeken terwijl u typt lukt even niet. Druk op Enter om te zoeken."; }
    });
  }

  /* Typing paused: ask again by words AND meaning (hybrid) and append the hits not shown yet, below the
     others, so nothing moves under the reader's eyes. An empty list is replaced. */
  function widen(query) {
    if (query !== lastQuery || !input.value.trim()) { return; }
    fetch(endpoint + "?" + query + "&mode=hybrid", {
      credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      if (!html || query !== lastQuery) { return; }
      var box = document.createElement("div");
      box.innerHTML = html;
      var freshList = box.querySelector(".result-list");
      if (!freshList) { return; }
      var list = results.querySelector(".result-list");
      if (!list) {
        results.innerHTML = html;
        var block = results.querySelector("[data-status]");
        if (status) { status.textContent = block ? block.getAttribute("data-status") : ""; }
        return;
      }
      var known = {};
      Array.prototype.forEach.call(list.querySelectorAll("[data-id]"), function (li) {
        known[li.getAttribute("data-id")] = true;
      });
      var added = 0;
      Array.prototype.slice.call(freshList.querySelectorAll("[data-id]")).forEach(function (li) {
        if (!known[li.getAttribute("data-id")]) { list.appendChild(li); added += 1; }
      });
      if (added && status) {
        status.textContent = added === 1 ? "1 resultaat erbij" : added + " resultaten erbij";
      }
    }).catch(function () { return undefined; });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 250);
  }

  input.addEventListener("input", schedule);
  Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
    select.addEventListener("change", update);
  });
}());
