/* Live counter and network preview for the texts of a social post (Wagtail snippet editor).
   Every variant textarea (variants-N-text) gets a line "123 van 500 tekens · Mastodon" and a preview of the post
   as the network shows it (line breaks, the link, Bluesky's link card). The server counts (POST to the endpoint
   in data-endpoint), so the counter agrees with the check on save. Requests are debounced per textarea. */
(function () {
  "use strict";
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return m ? decodeURIComponent(m[1]) : (input ? input.value : "");
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function field(prefix, name) { return document.querySelector("[name='" + prefix + "-" + name + "']"); }
  function attach(textarea, endpoint) {
    if (textarea.dataset.kbComposer) return;
    textarea.dataset.kbComposer = "1";
    var prefix = textarea.name.replace(/-text$/, "");
    var counter = el("p", { "class": "kb-count", "aria-live": "polite", "data-kb-social-count": "" });
    counter.id = textarea.id + "-count";
    textarea.setAttribute("aria-describedby", ((textarea.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    var preview = el("div", { "class": "kb-social-preview", "data-kb-social-preview": "" });
    textarea.insertAdjacentElement("afterend", preview);
    textarea.insertAdjacentElement("afterend", counter);
    var timer = null, seq = 0;
    function render(data) {
      var over = data.count > data.limit;
      counter.dataset.state = over ? "over" : (data.problems.length ? "long" : "ok");
      counter.textContent = data.count + " van " + data.limit + " tekens · " + data.label +
        (over ? " (" + (data.count - data.limit) + " te veel)" : "") +
        (data.problems.length && !over ? " · " + data.problems.join(" ") : "");
      preview.replaceChildren();
      preview.appendChild(el("p", { "class": "kb-social-preview__network" }, "Voorbeeld op " + data.label));
      var body = el("p", { "class": "kb-social-preview__text" }, textarea.value);
      preview.appendChild(body);
      var link = field(prefix, "link_url");
      if (link && link.value && data.link_mode !== "bio") {
        var card = el("p", { "class": "kb-social-preview__card" });
        card.appendChild(el("strong", {}, data.link_mode === "display" ? "Linkkaart: " : "Link: "));
        card.appendChild(document.createTextNode(link.value));
        preview.appendChild(card);
      }
    }
    function update() {
      var network = field(prefix, "network");
      if (!network || !network.value) return;
      var mine = ++seq;
      fetch(endpoint, { method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ network: network.value, text: textarea.value }) })
        .then(function (r) { return r.json(); })
        .then(function (data) { if (mine === seq && !data.error) render(data); })
        .catch(function () { counter.textContent = "Het aantal tekens kon niet worden berekend."; });
    }
    function later() { clearTimeout(timer); timer = setTimeout(update, 150); }
    textarea.addEventListener("input", later);
    var network = field(prefix, "network");
    if (network) network.addEventListener("change", update);
    var link = field(prefix, "link_url");
    if (link) link.addEventListener("input", later);
    update();
  }
  function scan() {
    var host = document.querySelector("[data-kb-social-composer]");
    if (!host) return;
    document.querySelectorAll("textarea[name^='variants-'][name$='-text']").forEach(function (t) {
      if (!/__prefix__/.test(t.name)) attach(t, host.dataset.endpoint);
    });
  }
  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("w-formset:ready", scan);
  document.addEventListener("w-formset:added", scan);
  document.addEventListener("input", function (e) {
    if (e.target && e.target.matches && e.target.matches("textarea[name^='variants-'][name$='-text']")) scan();
  }, true);
  if (document.readyState !== "loading") scan();
})();
