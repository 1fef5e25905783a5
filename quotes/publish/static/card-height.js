(function () {
  var id = document.body.getAttribute("data-quote-id");
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    window.parent.postMessage({ type: "quotes-embed-height", quoteId: id, height: height }, "*");
  }
  if (window.ResizeObserver) { new ResizeObserver(send).observe(document.body); }
  window.addEventListener("load", send);
  send();
})();
