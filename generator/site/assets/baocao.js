/* baocao: small page behaviours, no dependencies, nothing fetched.
 * Chapter buttons of the report video seek the player; the chapter playing is highlighted.
 * Accessibility: a table wider than the screen can be scrolled from the keyboard (Tab to it,
 * then the arrow keys); the photo viewer is a named dialog and gives the focus back to the
 * photo it was opened from. */
(function () {
  "use strict";

  function chapterButtons(video) {
    return Array.prototype.slice.call(
      document.querySelectorAll('[data-seek][data-target="' + video.id + '"]'));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-seek]");
    if (!button) return;
    var video = document.getElementById(button.getAttribute("data-target"));
    if (!video) return;
    event.preventDefault();
    video.currentTime = parseFloat(button.getAttribute("data-seek"));
    var playing = video.play();
    if (playing && playing.catch) playing.catch(function () {});
  });

  // timeupdate does not bubble: listen in the capture phase.
  document.addEventListener("timeupdate", function (event) {
    var video = event.target;
    if (!video.id) return;
    var buttons = chapterButtons(video);
    var current = null;
    buttons.forEach(function (b) {
      if (parseFloat(b.getAttribute("data-seek")) <= video.currentTime + 0.05) current = b;
    });
    buttons.forEach(function (b) {
      b.classList.toggle("bc-seek--current", b === current);
    });
  }, true);

  // Material wraps tables in a scrolling box; one that overflows must take the focus.
  function focusableScrollers() {
    document.querySelectorAll(".md-typeset__scrollwrap, .bc-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0" && !box.hasAttribute("aria-label")) {
        box.removeAttribute("tabindex");
      }
    });
  }

  var opener = null;
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.glightbox");
    if (link) opener = link;
  }, true);

  function lightbox(added) {
    var body = document.getElementById("glightbox-body");
    if (added && body && !body.hasAttribute("aria-label")) {
      body.setAttribute("aria-label", "Xem ảnh");
      body.setAttribute("aria-modal", "true");
    }
    if (!body && opener) {
      if (document.body.contains(opener)) opener.focus();
      opener = null;
    }
  }

  new MutationObserver(function (records) {
    var added = records.some(function (r) { return r.addedNodes.length > 0; });
    lightbox(added);
    focusableScrollers();
  }).observe(document.body, {childList: true, subtree: true});
  window.addEventListener("resize", focusableScrollers);
  focusableScrollers();
})();
