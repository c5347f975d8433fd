/* Operator console: search-as-you-type, keyboard navigation, copy, "niet gevonden" and feedback via fetch.
   Vanilla JS, no dependencies. Everything also works without JS (plain forms and links). */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var COMMIT_MS = 1500;  /* typing paused this long: count the query once in the search log */
  var input = document.getElementById("q");
  var form = document.getElementById("search-form");
  var resultsBox = document.getElementById("results");
  var statusBox = document.getElementById("status");
  var timer = null;
  var seq = 0;
  var controller = null;
  var commitTimer = null;
  var lastLogged = "";

  function announce(message) {
    if (statusBox) {
      statusBox.textContent = message;
    }
  }

  function isTyping(target) {
    var tag = (target && target.tagName) || "";
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function csrfToken(formEl) {
    var field = formEl.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  /* ---- copy ------------------------------------------------------------------------------------- */
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; },
        function () { return fallbackCopy(text); });
    }
    return Promise.resolve(fallbackCopy(text));
  }

  function copyFrom(button) {
    if (!button) {
      return;
    }
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    copyText(button.getAttribute("data-copy") || "").then(function (ok) {
      button.setAttribute("data-copied", ok ? "true" : "false");
      button.textContent = ok ? "Gekopieerd ✓" : "Kopiëren mislukt";
      announce(ok ? "Kort antwoord gekopieerd." : "Kopiëren mislukt: selecteer de tekst en druk Ctrl+C.");
      window.setTimeout(function () { button.textContent = label; }, 2000);
    });
  }

  /* ---- results ---------------------------------------------------------------------------------- */
  function hits() {
    return resultsBox ? Array.prototype.slice.call(resultsBox.querySelectorAll(".hit")) : [];
  }

  function activeHit() {
    return resultsBox ? resultsBox.querySelector(".hit.is-active") : document.querySelector(".item-detail");
  }

  function activate(index) {
    var list = hits();
    if (!list.length) {
      return;
    }
    index = Math.max(0, Math.min(index, list.length - 1));
    list.forEach(function (el, i) {
      el.classList.toggle("is-active", i === index);
      if (i === index) {
        el.setAttribute("aria-current", "true");
      } else {
        el.removeAttribute("aria-current");
      }
    });
    list[index].scrollIntoView({block: "nearest"});
    var title = list[index].querySelector(".hit-title");
    announce((index + 1) + " van " + list.length + ": " + (title ? title.textContent.trim() : ""));
  }

  function move(delta) {
    var list = hits();
    var current = list.indexOf(activeHit());
    activate(current < 0 ? 0 : current + delta);
  }

  function load(query) {
    if (!form || !resultsBox) {
      return;
    }
    var mySeq = ++seq;
    if (controller) {
      controller.abort();
    }
    controller = window.AbortController ? new AbortController() : null;
    if (!query.trim()) {
      resultsBox.innerHTML = "";
      return;
    }
    var url = form.getAttribute("data-results-url") + "?q=" + encodeURIComponent(query);
    fetch(url, {headers: {"X-Requested-With": "fetch"}, credentials: "same-origin",
      signal: controller ? controller.signal : undefined})
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (mySeq !== seq) {
          return;
        }
        resultsBox.innerHTML = html;
        var total = resultsBox.querySelector(".results");
        var n = total ? total.getAttribute("data-total") : "0";
        announce(n === "0" ? "Geen resultaten" : (n === "1" ? "1 resultaat" : n + " resultaten"));
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", "?q=" + encodeURIComponent(query));
        }
      })
      .catch(function (err) {
        if (err && err.name === "AbortError") {
          return;
        }
        announce("Zoeken lukt niet. Probeer opnieuw of druk Enter.");
      });
  }

  /* As-you-type requests are not logged; the query the operator settles on is logged once (typing paused,
     result opened, "niet gevonden"). Returns a promise so callers can wait for it: requests stay sequential. */
  function commit() {
    window.clearTimeout(commitTimer);
    var query = input ? input.value.trim() : "";
    if (!form || !query || query === lastLogged) {
      return Promise.resolve();
    }
    lastLogged = query;
    var mySeq = seq;
    return fetch(form.getAttribute("data-results-url") + "?log=1&q=" + encodeURIComponent(query),
      {headers: {"X-Requested-With": "fetch"}, credentials: "same-origin", keepalive: true})
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (html && mySeq === seq && input && input.value.trim() === query) {
          merge(html);
        }
        return undefined;
      }, function () { lastLogged = ""; });
  }

  /* The settled query is searched by words AND meaning (hybrid). Its hits that are not shown yet are appended
     below the shown ones, so nothing moves under the cursor; an empty list is replaced. */
  function merge(html) {
    var box = document.createElement("div");
    box.innerHTML = html;
    var fresh = box.querySelector(".results");
    var shown = resultsBox && resultsBox.querySelector(".results");
    if (!fresh || !shown) {
      return;
    }
    var list = shown.querySelector(".hit-list");
    var freshList = fresh.querySelector(".hit-list");
    if (!freshList) {
      return;
    }
    if (!list) {
      if (shown.querySelector(".gap-form[data-state]") || resultsBox.contains(document.activeElement)) {
        return;  /* the operator is already reporting "Niet gevonden": leave the form alone */
      }
      resultsBox.innerHTML = html;
      announce(hits().length === 1 ? "1 resultaat" : hits().length + " resultaten");
      return;
    }
    var known = {};
    hits().forEach(function (hit) { known[hit.getAttribute("data-id")] = true; });
    var added = 0;
    Array.prototype.slice.call(freshList.querySelectorAll(".hit")).forEach(function (hit) {
      if (known[hit.getAttribute("data-id")]) {
        return;
      }
      hit.classList.remove("is-active");
      hit.removeAttribute("aria-current");
      hit.id = "hit-" + (list.children.length + 1);
      list.appendChild(hit);
      added += 1;
    });
    if (added) {
      shown.setAttribute("data-total", String(hits().length));
      var count = shown.querySelector(".count");
      var freshCount = fresh.querySelector(".count");
      if (count && freshCount && Number(fresh.getAttribute("data-total")) >= hits().length) {
        count.textContent = freshCount.textContent;
      }
      announce(added === 1 ? "1 resultaat erbij" : added + " resultaten erbij");
    }
  }

  function openHit(hit) {
    var url = hit.getAttribute("data-url");
    var go = function () { window.location.href = url; };
    commit().then(go, go);
  }

  if (input) {
    input.focus();
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      window.clearTimeout(commitTimer);
      timer = window.setTimeout(function () { load(input.value); }, DEBOUNCE_MS);
      commitTimer = window.setTimeout(commit, COMMIT_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        move(event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Enter") {
        var hit = activeHit();
        var shown = resultsBox && resultsBox.querySelector(".results");
        if (hit && shown && shown.getAttribute("data-query") === input.value.trim()) {
          event.preventDefault();
          openHit(hit);
        }
      } else if (event.key === "Escape") {
        input.value = "";
        load("");
      }
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) {
      return;
    }
    var box = input || document.getElementById("item-q");  /* the item page has a plain search box */
    if (event.key === "/" && box) {
      event.preventDefault();
      box.focus();
      box.select();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (hits().length) {
        event.preventDefault();
        move(event.key === "ArrowDown" ? 1 : -1);
      }
    } else if (event.key === "Enter" && event.target === document.body) {
      var hit = activeHit();
      if (hit && hit.getAttribute("data-url")) {
        openHit(hit);
      }
    } else if (event.key === "c") {
      var scope = activeHit() || document;
      copyFrom(scope.querySelector("button.copy"));
    } else if (event.key === "r") {
      /* r, then Enter: register the contact with its defaults (a question by phone, answered). */
      var submit = document.getElementById("contact-submit");
      if (submit) { event.preventDefault(); submit.focus(); }
    } else if (event.key === "t") {
      var callback = document.getElementById("callback-link");
      if (callback) { event.preventDefault(); window.location.href = callback.href; }
    }
  });

  /* ---- clicks and forms (delegated: results are replaced while typing) ---------------------------- */
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.copy") : null;
    if (button) {
      event.preventDefault();
      copyFrom(button);
      return;
    }
    var link = event.target.closest ? event.target.closest(".hit-title a") : null;
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      openHit(link.closest(".hit"));
      return;
    }
    var printer = event.target.closest ? event.target.closest("[data-print]") : null;
    if (printer) {
      window.print();
    }
  });

  function postForm(formEl, onDone) {
    fetch(formEl.action, {method: "POST", body: new FormData(formEl), credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrfToken(formEl)}})
      .then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      })
      .then(function (res) { onDone(res.ok, res.data); })
      .catch(function () { onDone(false, {}); });
  }

  document.addEventListener("submit", function (event) {
    var formEl = event.target;
    if (!window.fetch || !window.FormData) {
      return;
    }
    if (formEl.classList.contains("gap-form")) {
      event.preventDefault();
      var current = input ? input.value.trim() : "";
      if (current) {
        formEl.querySelector("input[name=q]").value = current;
      }
      window.clearTimeout(commitTimer);
      postForm(formEl, function (ok, data) {
        commit();  /* after the gap is stored: one request at a time */
        var message = ok ? data.message : "Niet opgeslagen. Probeer opnieuw.";
        formEl.setAttribute("data-state", ok ? "saved" : "error");
        var button = formEl.querySelector("button");
        if (ok && button) {
          button.disabled = true;
          button.textContent = "Doorgegeven ✓";
        }
        announce(message);
      });
    } else if (formEl.classList.contains("feedback-form")) {
      event.preventDefault();
      postForm(formEl, function (ok, data) {
        var status = formEl.querySelector(".feedback-status");
        var message = ok ? data.message : "Niet verstuurd. Probeer opnieuw.";
        if (status) {
          status.textContent = message;
        }
        formEl.setAttribute("data-state", ok ? "sent" : "error");
        if (ok) {
          formEl.reset();
        }
      });
    }
  });
})();
