// The dashboard's few lines of script: the pages work without it, it only adds comfort.
(function () {
  'use strict';
  var csrf = document.querySelector('meta[name="csrf-token"]');
  // htmx requests that change something carry the session's CSRF token, as forms do.
  document.addEventListener('htmx:configRequest', function (event) {
    if (csrf && csrf.content) {
      event.detail.headers['X-CSRF-Token'] = csrf.content;
    }
  });
})();
