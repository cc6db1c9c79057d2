/* baocao: small page behaviours, no dependencies, nothing fetched.
 * Chapter buttons of the report video seek the player; the chapter playing is highlighted. */
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
})();
