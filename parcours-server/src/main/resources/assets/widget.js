/*
 * Parcours survey widget. Embed it with one tag, after you know who the visitor is:
 *   <script src="https://parcours.example.com/widget.js" data-write-key="WRITE_KEY"
 *           data-user-id="USER_ID" async></script>
 * (or data-anonymous-id="..."; data-lang="fr" to force the language). It asks Parcours for the
 * visitor's open survey invitation and, when there is one, shows it in a small dialog at the
 * bottom of the page. No cookie, no dependency; everything shown is set as text, never as markup.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var base = script.src.replace(/\/widget\.js(\?.*)?$/, "");
  var key = script.getAttribute("data-write-key");
  var user = script.getAttribute("data-user-id");
  var anonymous = script.getAttribute("data-anonymous-id");
  var lang = script.getAttribute("data-lang");
  if (!key || !(user || anonymous)) { return; }
  var words = {
    en: {send: "Send", close: "Close", later: "Not now", thanks: "Thank you for your answer!", error: "Please check your answer."},
    fr: {send: "Envoyer", close: "Fermer", later: "Plus tard", thanks: "Merci pour votre réponse !", error: "Merci de vérifier votre réponse."}
  };
  var query = (user ? "userId=" + encodeURIComponent(user) : "anonymousId=" + encodeURIComponent(anonymous))
      + "&writeKey=" + encodeURIComponent(key) + (lang ? "&lang=" + encodeURIComponent(lang) : "");

  function element(name, attributes, text) {
    var node = document.createElement(name);
    for (var attribute in attributes) { node.setAttribute(attribute, attributes[attribute]); }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function show(survey) {
    if (sessionStorage.getItem("parcours-dismissed-" + survey.token)) { return; }
    var w = words[survey.language] || words.en;
    var box = element("div", {"role": "dialog", "aria-modal": "false", "aria-labelledby": "parcours-q0",
      "lang": survey.language, "class": "parcours-widget",
      "style": "position:fixed;right:16px;bottom:16px;z-index:2147483647;max-width:360px;width:calc(100% - 32px);"
        + "background:#fff;color:#1b1b1b;border:1px solid #767676;border-radius:8px;padding:16px;"
        + "box-shadow:0 4px 16px rgba(0,0,0,.2);font:15px/1.4 system-ui,sans-serif"});
    var form = element("form", {"novalidate": ""});
    survey.questions.forEach(function (question, index) {
      var group = element("fieldset", {"style": "border:0;margin:0 0 12px;padding:0"});
      group.appendChild(element("legend", {"id": "parcours-q" + index, "style": "font-weight:600;margin-bottom:6px"},
          question.text));
      if (question.kind === "text") {
        group.appendChild(element("textarea", {"name": question.key, "maxlength": "2000", "rows": "2",
          "aria-labelledby": "parcours-q" + index, "style": "width:100%;box-sizing:border-box;font:inherit"}));
      } else {
        var options = question.kind === "rating"
          ? Array.from({length: question.maximum - question.minimum + 1}, function (_, i) {
              var value = String(question.minimum + i); return {key: value, text: value}; })
          : question.choices;
        var row = element("div", {"style": "display:flex;flex-wrap:wrap;gap:4px"});
        options.forEach(function (option) {
          var label = element("label", {"style": "display:inline-flex;align-items:center;gap:4px;min-height:32px;"
            + "padding:2px 6px;border:1px solid #767676;border-radius:4px;cursor:pointer"});
          label.appendChild(element("input", {"type": question.kind === "multiple" ? "checkbox" : "radio",
            "name": question.key, "value": option.key}));
          label.appendChild(element("span", {}, option.text));
          row.appendChild(label);
        });
        group.appendChild(row);
      }
      form.appendChild(group);
    });
    var message = element("p", {"role": "alert", "style": "margin:0 0 8px;color:#b3261e"});
    form.appendChild(message);
    var send = element("button", {"type": "submit", "style": "font:inherit;font-weight:600;padding:6px 16px;"
      + "border:0;border-radius:4px;background:#0b5394;color:#fff;cursor:pointer"}, w.send);
    var later = element("button", {"type": "button", "style": "font:inherit;margin-left:8px;padding:6px 12px;"
      + "border:1px solid #767676;border-radius:4px;background:#fff;cursor:pointer"}, w.later);
    later.addEventListener("click", function () {
      sessionStorage.setItem("parcours-dismissed-" + survey.token, "1");
      box.remove();
    });
    form.appendChild(send);
    form.appendChild(later);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answers = {};
      survey.questions.forEach(function (question) {
        var fields = form.querySelectorAll("[name='" + question.key + "']");
        if (question.kind === "multiple") {
          var chosen = [];
          fields.forEach(function (field) { if (field.checked) { chosen.push(field.value); } });
          if (chosen.length) { answers[question.key] = chosen; }
        } else if (question.kind === "text") {
          if (fields[0].value.trim()) { answers[question.key] = fields[0].value; }
        } else {
          fields.forEach(function (field) {
            if (field.checked) { answers[question.key] = question.kind === "rating" ? Number(field.value) : field.value; }
          });
        }
      });
      fetch(base + "/v1/surveys/" + encodeURIComponent(survey.token), {method: "POST",
        headers: {"Content-Type": "application/json"}, body: JSON.stringify({answers: answers})})
        .then(function (response) {
          if (response.ok || response.status === 409) {
            box.textContent = "";
            box.appendChild(element("p", {"role": "status", "style": "margin:0"}, w.thanks));
            setTimeout(function () { box.remove(); }, 4000);
          } else {
            return response.json().then(function (body) {
              message.textContent = w.error + " " + ((body.error && body.error.message) || "");
            });
          }
        })
        .catch(function () { message.textContent = w.error; });
    });
    box.appendChild(form);
    document.body.appendChild(box);
  }

  fetch(base + "/v1/surveys/pending?" + query)
    .then(function (response) { return response.ok ? response.json() : []; })
    .then(function (pending) { if (pending.length) { show(pending[0]); } })
    .catch(function () { /* the page works the same without its survey */ });
})();
