/* baocao: run Web Workers in a hidden iframe when the site is opened from file://.
 *
 * Chromium refuses `new Worker("file:///…")`, and Material's search runs in a worker. From
 * file:// only, this replaces `Worker` with a stand-in that loads the worker script into a
 * hidden same-origin iframe and relays messages. Material's search worker looks for
 * `parent.IFrameWorker` to locate its language scripts and awaits `importScripts`, so both are
 * provided. (The file name contains "iframe-worker" so Material's offline plugin does not add
 * its CDN copy: this site fetches nothing from other hosts.)
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function IFrameWorker(url) {
    var target = new EventTarget();
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
    this.onmessage = null;
    this.onerror = null;

    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    (document.body || document.documentElement).appendChild(frame);
    this.frame = frame;

    var self = this;
    var win = frame.contentWindow;
    var doc = win.document;
    win.postMessage = function (data) {
      setTimeout(function () { self.deliver(data); }, 0);
    };
    win.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (chain, src) {
        return chain.then(function () { return load(doc, src); });
      }, Promise.resolve());
    };
    win.addEventListener("error", function (event) {
      self.fail(event.message || "worker error");
    });
    this.ready = load(doc, new URL(url, document.baseURI).href);
  }

  function load(doc, src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("cannot load " + src)); };
      (doc.body || doc.documentElement).appendChild(script);
    });
  }

  IFrameWorker.prototype.postMessage = function (data) {
    var win = this.frame.contentWindow;
    var copy = typeof structuredClone === "function" ? structuredClone(data) : data;
    this.ready.then(function () {
      win.dispatchEvent(new win.MessageEvent("message", { data: copy }));
    }, function () {});
  };

  IFrameWorker.prototype.deliver = function (data) {
    var event = new MessageEvent("message", { data: data });
    this.dispatchEvent(event);
    if (typeof this.onmessage === "function") this.onmessage(event);
  };

  IFrameWorker.prototype.fail = function (message) {
    var event = new ErrorEvent("error", { message: message });
    this.dispatchEvent(event);
    if (typeof this.onerror === "function") this.onerror(event);
  };

  IFrameWorker.prototype.terminate = function () {
    this.frame.remove();
  };

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
