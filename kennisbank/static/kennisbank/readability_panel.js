/* Live readability panel: collects the short answer and body sections from the page editor, asks the
   admin-only endpoint for a report (debounced) and renders score, verdict and highlighted findings.
   User text is only ever inserted as text nodes. */
(function () {
  "use strict";
  var DEBOUNCE_MS = 400;

  function collect(form) {
    var shortAnswer = form.querySelector('[name="short_answer"]');
    var sections = [];
    form.querySelectorAll('textarea[name^="body-"][name$="-value-text"]').forEach(function (ta, i) {
      var prefix = ta.name.slice(0, -"-value-text".length);
      var deleted = form.querySelector('[name="' + prefix + '-deleted"]');
      if (deleted && deleted.value === "1") return;
      var heading = form.querySelector('[name="' + prefix + '-value-heading"]');
      var order = form.querySelector('[name="' + prefix + '-order"]');
      sections.push({ heading: heading ? heading.value : "", text: ta.value,
                      order: order && order.value !== "" ? parseInt(order.value, 10) : i });
    });
    sections.sort(function (a, b) { return a.order - b.order; });
    return { short_answer: shortAnswer ? shortAnswer.value : "", sections: sections };
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function highlighted(text, findings) {
    var box = el("div", { "class": "kb-readability__text" });
    var spans = findings.filter(function (f) { return f.field === "text" && f.end > f.start; })
      .sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    var pos = 0;
    spans.forEach(function (f) {
      if (f.start < pos) return;  // overlapping finding: listed below, not marked twice
      box.appendChild(document.createTextNode(text.slice(pos, f.start)));
      box.appendChild(el("mark", { "title": f.message + " " + f.suggestion, "data-code": f.code,
                                   "data-severity": f.severity }, text.slice(f.start, f.end)));
      pos = f.end;
    });
    box.appendChild(document.createTextNode(text.slice(pos)));
    return box;
  }

  function render(panel, payload, data) {
    var report = data.report;
    var verdict = panel.querySelector("[data-verdict]");
    var metrics = panel.querySelector("[data-metrics]");
    metrics.replaceChildren();
    if (!report.word_count) {  /* nothing written yet: no verdict, no score (an empty text is not "helder") */
      verdict.textContent = panel.dataset.labelEmpty;
      verdict.setAttribute("data-code", "empty");
      panel.querySelector("[data-score]").textContent = "";
      panel.querySelector("[data-findings]").replaceChildren(el("p", {}, panel.dataset.labelEmptyHelp));
      return;
    }
    verdict.textContent = report.verdict_label;
    verdict.setAttribute("data-code", report.verdict);
    panel.querySelector("[data-score]").textContent = "Douma-score " + Math.round(report.score);
    [["Woorden", report.word_count], ["Zinnen", report.sentence_count],
     ["Gem. zinslengte", report.avg_sentence_length.toFixed(1)],
     ["Lange zinnen", Math.round(report.long_sentence_ratio * 100) + "%"],
     ["Lijdende vorm", Math.round(report.passive_ratio * 100) + "%"]].forEach(function (m) {
      var wrap = el("div"); wrap.appendChild(el("dt", {}, m[0])); wrap.appendChild(el("dd", {}, String(m[1])));
      metrics.appendChild(wrap);
    });
    var box = panel.querySelector("[data-findings]");
    box.replaceChildren();
    if (!report.findings.length) { box.appendChild(el("p", {}, panel.dataset.labelNone)); return; }
    var texts = [payload.short_answer].concat(payload.sections.map(function (s) { return s.text; }));
    var headings = [panel.dataset.labelShortAnswer].concat(payload.sections.map(function (s, i) {
      return s.heading || (panel.dataset.labelSection + " " + (i + 1)); }));
    var groups = {};
    report.findings.forEach(function (f) {
      var key = f.section === null ? 0 : f.section; (groups[key] = groups[key] || []).push(f); });
    Object.keys(groups).sort(function (a, b) { return a - b; }).forEach(function (key) {
      var list = groups[key];
      box.appendChild(el("h3", {}, headings[key] || ""));
      box.appendChild(highlighted(texts[key] || "", list));
      var ul = el("ul", { "class": "kb-readability__list" });
      list.forEach(function (f) {
        var li = el("li", { "data-code": f.code, "data-severity": f.severity });
        li.appendChild(el("strong", {}, f.message));
        if (f.text) li.appendChild(document.createTextNode(" “" + f.text + "”"));
        if (f.suggestion) li.appendChild(el("span", { "class": "kb-readability__advice" }, f.suggestion));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    });
  }

  function init(panel) {
    var form = panel.closest("form");
    if (!form) return;
    var timer = null, seq = 0;
    function check() {
      var payload = collect(form), mine = ++seq;
      var token = form.querySelector('[name="csrfmiddlewaretoken"]');
      fetch(panel.dataset.endpoint, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
        body: JSON.stringify({ short_answer: payload.short_answer, sections: payload.sections })
      }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) { if (mine === seq) render(panel, payload, data); })
        .catch(function () { panel.querySelector("[data-verdict]").textContent = panel.dataset.labelError; });
    }
    function schedule(event) {
      var name = event.target && event.target.name || "";
      if (name === "short_answer" || name.indexOf("body-") === 0) { clearTimeout(timer); timer = setTimeout(check, DEBOUNCE_MS); }
    }
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    setTimeout(check, 300);  // after the StreamField has been rendered
  }

  function start() { document.querySelectorAll("[data-readability-panel]").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
