/* dangbo — the phone menu: on a narrow screen the header's links fold behind one button.
   Without this script the button stays hidden and the links simply wrap (nothing is lost). */
(function () {
  "use strict";
  function setUp() {
    var header = document.getElementById("top");
    var button = header && header.querySelector(".menu-button");
    if (!button) { return; }
    header.classList.add("has-menu-button");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = header.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        header.classList.remove("menu-open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); } else { setUp(); }
}());
