// Tells GOV.UK Frontend's styles that its scripts will run (the page works without them too).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
