// nnbook: a figure wider than the screen scrolls sideways within its box (nnbook.css); such a box
// becomes a tab stop, so a keyboard can scroll it too (axe-core: scrollable-region-focusable).
(() => {
  const mark = () => {
    for (const box of document.querySelectorAll("div.nnbook-figure")) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute("tabindex");
      }
    }
  };
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("DOMContentLoaded", mark);
})();
