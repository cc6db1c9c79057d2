/* baocao: whole words first in search.
 *
 * Material adds a trailing wildcard to every word of a query, so with accent folding "hoa"
 * also matches "hoat" (folded "hoạt"), and "dong hoa" found "hoạt động" before "Đông Hòa".
 * This shim adds each plain word again as an exact, boosted term ("dong hoa dong^4 hoa^4"):
 * pages with the whole word rank first, prefixes still match. It wraps the search worker's
 * query messages (Material's documented worker protocol: {type: 2, data: query}); quoted
 * queries and words with search syntax are left as typed. Loaded as a polyfill, before
 * Material's bundle creates the worker, and after iframe-worker.js (file://), which it wraps.
 */
(function () {
  "use strict";
  var QUERY = 2;
  var BOOST = 4;
  var WORD = /^[\p{L}\p{N}]+$/u;
  var Base = window.Worker;
  if (typeof Base !== "function") return;

  function wholeWords(query) {
    if (query.indexOf('"') >= 0) return query;
    var words = query.trim().split(/\s+/).filter(function (w) { return WORD.test(w); });
    if (!words.length) return query;
    return query + " " + words.map(function (w) { return w + "^" + BOOST; }).join(" ");
  }

  function SearchWorker(url, options) {
    var worker = new Base(url, options);
    var post = worker.postMessage;
    worker.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments);
      if (message && message.type === QUERY && typeof message.data === "string") {
        args[0] = { type: QUERY, data: wholeWords(message.data) };
      }
      return post.apply(worker, args);
    };
    return worker;
  }
  SearchWorker.prototype = Base.prototype;
  window.Worker = SearchWorker;
})();
