/* Quote cards for any page, from the quotes site's card API.
 *
 *   <script src="https://quotes.example.org/-/quotes/embed.js" async></script>
 *   <blockquote data-quote-id="bd657735ce27">fallback text for readers without scripts</blockquote>
 *   <div data-quote-search="cooperation" data-speaker="Kim Jong-un" data-limit="3"></div>
 *
 * The site and database come from this script's own URL (?db= names the
 * database; without it the server fills in its quotes database). The words
 * arrive already cut into plain and quoted parts by the server, so a card
 * here quotes exactly as the site does; everything goes into the page as text
 * nodes, never as HTML. Card iframes of the same site (oEmbed) are resized
 * to their card.
 */
(function () {
  "use strict";
  var DEFAULT_DB = /*DEFAULT_DB*/null;
  var MARKER = "/-/quotes/embed.js";
  var OPEN = "\u201c", CLOSE = "\u201d", OPEN_INNER = "\u2018", CLOSE_INNER = "\u2019";
  var script = document.currentScript ||
    document.querySelector('script[src*="' + MARKER + '"]');
  if (!script) { return; }
  var src = new URL(script.src, document.baseURI);
  var base = src.href.slice(0, src.href.indexOf(MARKER));
  var origin = src.origin;
  var db = src.searchParams.get("db") || DEFAULT_DB;

  var CSS = [
    ":host { display: block; margin: 1em 0; }",
    ".quote-card { box-sizing: border-box; max-width: 40em; margin: 0 0 10px; padding: 14px 16px;",
    "  border: 1px solid #d8d8de; border-left: 5px solid #2f5d8a; border-radius: 8px; background: #fff;",
    "  color: #1d1d1f; font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; }",
    ".quote-label { margin: 0 0 6px; color: #55606e; font: 600 11px/1.4 system-ui, sans-serif;",
    "  letter-spacing: 0.04em; text-transform: uppercase; }",
    ".quote-text { margin: 0 0 10px; font: 18px/1.4 Georgia, 'Times New Roman', serif;",
    "  white-space: pre-wrap; overflow-wrap: anywhere; }",
    ".quote-direct .quote-text { font-style: italic; }",
    ".quote-lead { font-style: normal; color: #3d3d44; }",
    ".quote-speaker { margin: 0; font-weight: 600; }",
    ".quote-speaker a { color: inherit; text-decoration: none; }",
    ".quote-role { font-weight: normal; color: #55555c; }",
    ".quote-sources { margin: 8px 0 0; padding: 0; list-style: none; font-size: 13px; color: #55555c; }",
    ".quote-sources a, .quote-footer a { color: #2f5d8a; }",
    ".quote-footer { margin-top: 10px; font-size: 12px; color: #77777e; }",
    ".quote-empty { color: #77777e; font-style: italic; }"
  ].join("\n");

  function apiUrl(path, params) {
    var url = new URL(base + "/-/quotes/" + path);
    if (db) { url.searchParams.set("db", db); }
    Object.keys(params || {}).forEach(function (k) { url.searchParams.set(k, params[k]); });
    return url.href;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "omit" }).then(function (response) {
      if (response.status === 404) { throw new Error("not found"); }
      if (!response.ok) { throw new Error("HTTP " + response.status); }
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
    var safe = href && safeHref(href);
    if (!safe) { return document.createTextNode(text); }
    var a = el("a", null, text);
    a.href = safe;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  /* The words as the server cut them: marks around quoted parts, and around all of a direct quote. */
  function words(rendering) {
    var inner = rendering.outer ? [OPEN_INNER, CLOSE_INNER] : [OPEN, CLOSE];
    var node = el("blockquote", "quote-text");
    if (rendering.lead) { node.appendChild(el("span", "quote-lead", rendering.lead)); node.appendChild(document.createTextNode(" ")); }
    if (rendering.outer) { node.appendChild(document.createTextNode(OPEN)); }
    rendering.parts.forEach(function (part) {
      node.appendChild(part.quoted ? el("span", "quote-fragment", inner[0] + part.text + inner[1])
                                   : document.createTextNode(part.text));
    });
    if (rendering.outer) { node.appendChild(document.createTextNode(CLOSE)); }
    return node;
  }

  function card(data) {
    var rendering = data.rendering;
    var speaker = data.speaker ? link(data.speaker_url, String(data.speaker)) : document.createTextNode("unknown speaker");
    var caption = el("figcaption", null,
      el("p", "quote-speaker", "\u2014\u00a0", speaker, data.role ? el("span", "quote-role", ", " + data.role) : null));
    if (data.sources) {
      var list = el("ul", "quote-sources");
      data.sources.forEach(function (s) {
        list.appendChild(el("li", null, link(s.href, s.outlet || "unknown outlet"),
          s.published ? ", " + s.published_human : "", s.title ? ": " + s.title : ""));
      });
      if (data.more_sources) { list.appendChild(el("li", null, "and " + data.more_sources + " more")); }
      caption.appendChild(list);
    } else if (data.outlets && data.outlets.length) {
      caption.appendChild(el("ul", "quote-sources", el("li", null, data.outlets.join(" \u00b7 "))));
    }
    var footer = el("div", "quote-footer", data.carried + " \u00b7 ", link(data.url, "quote"));
    if (data.sources_url) { footer.appendChild(document.createTextNode(" \u00b7 ")); footer.appendChild(link(data.sources_url, "all sources")); }
    var figure = el("figure", "quote-card quote-" + rendering.kind,
      el("p", "quote-label", rendering.label), words(rendering), caption, footer);
    figure.setAttribute("data-quote-id", data.quote_id);
    figure.setAttribute("data-kind", rendering.kind);
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
    return getJSON(apiUrl("card/" + encodeURIComponent(id) + ".json")).then(
      function (data) { mount(host, [card(data)]); },
      function (e) { throw new Error(e.message === "not found" ? "no quote " + id : e.message); });
  }

  function renderSearch(host) {
    var limit = parseInt(host.getAttribute("data-limit") || "3", 10) || 3;
    var url = apiUrl("cards.json", {
      q: host.getAttribute("data-quote-search") || "",
      speaker: host.getAttribute("data-speaker") || "",
      limit: String(limit)
    });
    return getJSON(url).then(function (data) {
      var cards = data.cards.map(card);
      mount(host, cards.length ? cards : [el("p", "quote-empty", "No quotes found.")]);
    });
  }

  /* A card iframe of this site says how tall its card is; the iframe takes that height (one listener per site). */
  var listening = window.quotesEmbedSites = window.quotesEmbedSites || {};
  if (!listening[origin]) window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "quotes-embed-height") { return; }
    var height = Math.max(50, Math.min(2000, Number(data.height) || 0));
    document.querySelectorAll("iframe").forEach(function (frame) {
      if (frame.contentWindow === event.source) {
        frame.style.height = height + "px";
        frame.setAttribute("height", String(height));
      }
    });
  });
  listening[origin] = true;

  function run() {
    var waiting = ":not([data-quote-rendered]):not([data-quote-loading])";
    function start(host, render) {
      host.setAttribute("data-quote-loading", "true");
      render(host).catch(function (e) { failed(host, e); });
    }
    document.querySelectorAll("[data-quote-id]" + waiting).forEach(function (host) { start(host, renderQuote); });
    document.querySelectorAll("[data-quote-search]" + waiting + ", [data-speaker]:not([data-quote-search])" + waiting)
      .forEach(function (host) { start(host, renderSearch); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
