// The survey builder's few lines of script. The builder works without it (the "Preview" button
// redraws the preview); with it, choosing another survey type puts that type's standard question in
// the question fields when they still hold the previous type's standard wording, so the preview,
// which htmx redraws as the form changes, never pairs one type's question with another's scale.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var type = document.getElementById('type');
    var english = document.getElementById('question-en');
    var french = document.getElementById('question-fr');
    if (!type || !english || !french) {
      return;
    }
    var previous = type.options[type.selectedIndex];
    // Listening on the select itself runs before htmx's listener on the form, so the preview
    // request already carries the new wording.
    type.addEventListener('change', function () {
      var chosen = type.options[type.selectedIndex];
      if (previous && english.value.trim() === previous.getAttribute('data-en') &&
          french.value.trim() === previous.getAttribute('data-fr')) {
        english.value = chosen.getAttribute('data-en');
        french.value = chosen.getAttribute('data-fr');
      }
      previous = chosen;
    });
  });
})();
