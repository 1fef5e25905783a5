/* Quote cards for any page, built from the Datasette JSON API.
 *
 *   <script src="https://quotes.example.org/-/quotes/embed.js?db=quotes" async></script>
 *   <blockquote data-quote-id="bd657735ce27">fallback text for readers without scripts</blockquote>
 *   <div data-quote-search="cooperation" data-speaker="Kim Jong-un" data-limit="3"></div>
 *
 * The Datasette instance and database come from this script's own URL (?db=
 * names the database; without it the server fills in its quotes database).
 * Everything from the data goes into the page as text nodes, never as HTML.
 */
(function () {
  "use strict";
  var DEFAULT_DB = /*DEFAULT_DB*/null;
  var MARKER = "/-/quotes/embed.js";
  var script = document.currentScript ||
    document.querySelector('script[src*="' + MARKER + '"]');
  if (!script) { return; }
  var src = new URL(script.src, document.baseURI);
  var base = src.href.slice(0, src.href.indexOf(MARKER));
  var db = src.searchParams.get("db") || DEFAULT_DB;

  var CSS = [
    ":host { display: block; margin: 1em 0; }",
    ".quote-card { box-sizing: border-box; max-width: 40em; margin: 0 0 10px; padding: 14px 16px;",
    "  border: 1px solid #d8d8de; border-left: 5px solid #2f5d8a; border-radius: 8px; background: #fff;",
    "  color: #1d1d1f; font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; }",
    ".quote-text { margin: 0 0 10px; font: italic 18px/1.4 Georgia, 'Times New Roman', serif;",
    "  white-space: pre-wrap; overflow-wrap: anywhere; }",
    ".quote-text::before { content: '\\201C'; } .quote-text::after { content: '\\201D'; }",
    ".quote-speaker { margin: 0; font-weight: 600; }",
    ".quote-speaker a { color: inherit; text-decoration: none; }",
    ".quote-role { font-weight: normal; color: #55555c; }",
    ".quote-sources { margin: 8px 0 0; padding: 0; list-style: none; font-size: 13px; color: #55555c; }",
    ".quote-sources a, .quote-footer a { color: #2f5d8a; }",
    ".quote-footer { margin-top: 10px; font-size: 12px; color: #77777e; }",
    ".quote-empty { color: #77777e; font-style: italic; }"
  ].join("\n");

  function apiUrl(path, params) {
    var url = new URL(base + "/" + encodeURIComponent(db) + "/" + path);
    Object.keys(params || {}).forEach(function (k) { url.searchParams.set(k, params[k]); });
    return url.href;
  }

  function rowUrl(table, id) {
    return base + "/" + encodeURIComponent(db) + "/" + table + "/" + encodeURIComponent(id);
  }

  function getJSON(url) {
    return fetch(url, { credentials: "omit" }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status + " from " + url); }
      return response.json();
    });
  }

  /* Only http(s) addresses become links. */
  function safeHref(href) {
    try {
      var url = new URL(href, base + "/");
      return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  /* el("p", "class", child, ...): children are nodes or strings (text nodes). */
  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === "") { continue; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function link(href, text) {
    var safe = safeHref(href);
    if (!safe) { return document.createTextNode(text); }
    var a = el("a", null, text);
    a.href = safe;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function jsonList(value) {
    if (Array.isArray(value)) { return value; }
    try { var parsed = JSON.parse(value || "[]"); return Array.isArray(parsed) ? parsed : []; }
    catch (e) { return []; }
  }

  function card(quote, sources) {
    var roles = jsonList(quote.roles).filter(Boolean);
    var speaker = quote.speaker_id ? link(rowUrl("speakers", quote.speaker_id), String(quote.speaker))
                                   : document.createTextNode("unknown speaker");
    var caption = el("figcaption", null,
      el("p", "quote-speaker", "\u2014\u00a0", speaker,
         roles.length ? el("span", "quote-role", ", " + roles.join("; ")) : null));
    if (sources) {
      var list = el("ul", "quote-sources");
      sources.forEach(function (s) {
        var href = safeHref(s.url) || rowUrl("articles", s.article_id);
        list.appendChild(el("li", null, link(href, s.outlet || "unknown outlet"),
          s.published ? ", " + s.published : "", s.article ? ": " + s.article : ""));
      });
      caption.appendChild(list);
    } else {
      var outlets = jsonList(quote.outlets);
      if (outlets.length) { caption.appendChild(el("ul", "quote-sources", el("li", null, outlets.join(" \u00b7 ")))); }
    }
    var n = Number(quote.n_outlets) || 0;
    var footer = el("div", "quote-footer",
      "Carried by " + n + " outlet" + (n === 1 ? "" : "s") +
        (quote.first_seen ? ", first seen " + quote.first_seen : "") + " \u00b7 ",
      link(rowUrl("quotes", quote.quote_id), "quote"), " \u00b7 ",
      link(apiUrl("quote_sources", { quote_id: quote.quote_id }), "all sources"));
    var figure = el("figure", "quote-card", el("blockquote", "quote-text", String(quote.text)), caption, footer);
    figure.setAttribute("data-quote-id", quote.quote_id);
    return figure;
  }

  function mount(host, nodes) {
    var root = host.shadowRoot || (host.attachShadow ? host.attachShadow({ mode: "open" }) : host);
    while (root.firstChild) { root.removeChild(root.firstChild); }
    var style = document.createElement("style");
    style.textContent = CSS;
    root.appendChild(style);
    nodes.forEach(function (node) { root.appendChild(node); });
    host.setAttribute("data-quote-rendered", "true");
  }

  function failed(host, error) {
    host.setAttribute("data-quote-error", String(error && error.message || error));
  }

  function renderQuote(host) {
    var id = host.getAttribute("data-quote-id");
    return Promise.all([
      getJSON(apiUrl("quote_browser.json", { _shape: "array", quote_id: id })),
      getJSON(apiUrl("quote_sources.json", { _shape: "array", quote_id: id }))
    ]).then(function (results) {
      if (!results[0].length) { throw new Error("no quote " + id); }
      mount(host, [card(results[0][0], results[1])]);
    });
  }

  function renderSearch(host) {
    var q = host.getAttribute("data-quote-search") || "";
    var speaker = host.getAttribute("data-speaker") || "";
    var limit = parseInt(host.getAttribute("data-limit") || "3", 10) || 3;
    var url = q ? apiUrl("search_quotes.json", { _shape: "array", q: q, speaker: speaker })
                : apiUrl("quotes_by_speaker.json", { _shape: "array", speaker: speaker });
    return getJSON(url).then(function (rows) {
      var cards = rows.slice(0, limit).map(function (row) { return card(row, null); });
      mount(host, cards.length ? cards : [el("p", "quote-empty", "No quotes found.")]);
    });
  }

  function run() {
    if (!db) { return; }
    document.querySelectorAll("[data-quote-id]:not([data-quote-rendered])").forEach(function (host) {
      renderQuote(host).catch(function (e) { failed(host, e); });
    });
    document.querySelectorAll("[data-quote-search]:not([data-quote-rendered]), [data-speaker]:not([data-quote-search]):not([data-quote-rendered])")
      .forEach(function (host) { renderSearch(host).catch(function (e) { failed(host, e); }); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
