// The site's own behaviour, in a file: the Content-Security-Policy refuses inline scripts and javascript: links.
document.addEventListener("click", function (event) {
  // "Quay lại trang trước": the link's href ("/") is the way back when there is no history.
  var link = event.target.closest("a[data-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
