// Deep linking: send the signed choice back to the learning platform without another click.
document.querySelectorAll("form[data-auto-submit]").forEach((form) => form.submit());
