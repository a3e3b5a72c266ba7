/* migsim HTML report: keyboard navigation between steps.  The page works
 * without it (every step has plain previous/next links); the last statement
 * adds #ms-script-ok, which the browser test looks for to know the script
 * ran to the end without an exception. */
(function () {
    "use strict";
    var steps = Array.prototype.slice.call(document.querySelectorAll("article.step"));
    var position = document.getElementById("ms-position");
    var current = -1;

    function show(index) {
        if (index < 0 || index >= steps.length)
            return;
        if (current >= 0)
            steps[current].classList.remove("current");
        current = index;
        steps[current].classList.add("current");
        steps[current].focus({ preventScroll: true });
        steps[current].scrollIntoView({ block: "start" });
        if (window.history && window.history.replaceState)
            window.history.replaceState(null, "", "#" + steps[current].id);
        if (position)
            position.textContent = "step " + (current + 1) + " / " + steps.length +
                "  \u2014  j/k or \u2190/\u2192, n: next failure, p: presenter";
    }

    /* presenter mode: large type on <html> (the rem unit follows it);
     * kept for the page's life only, so the file shows the same each time
     * it is opened */
    var presenterButton = document.getElementById("ms-presenter");
    function togglePresenter() {
        var on = document.documentElement.classList.toggle("presenter");
        if (presenterButton)
            presenterButton.setAttribute("aria-pressed", on ? "true" : "false");
        if (current >= 0)
            steps[current].scrollIntoView({ block: "start" });
    }
    if (presenterButton) {
        presenterButton.hidden = false;
        presenterButton.addEventListener("click", togglePresenter);
    }

    function nextFailure() {
        for (var i = current + 1; i < steps.length; i++) {
            if (steps[i].classList.contains("fail")) {
                show(i);
                return;
            }
        }
    }

    var hash = window.location.hash.slice(1);
    for (var i = 0; i < steps.length; i++) {
        if (steps[i].id === hash)
            current = i;
    }

    document.addEventListener("keydown", function (event) {
        var tag = event.target && event.target.tagName;
        if (event.altKey || event.ctrlKey || event.metaKey || tag === "INPUT" || tag === "TEXTAREA")
            return;
        switch (event.key) {
        case "j":
        case "ArrowRight":
            show(current + 1);
            break;
        case "k":
        case "ArrowLeft":
            show(current < 0 ? 0 : current - 1);
            break;
        case "n":
            nextFailure();
            break;
        case "p":
            togglePresenter();
            break;
        default:
            return;
        }
        event.preventDefault();
    });

    if (position) {
        position.hidden = false;
        position.textContent = steps.length + " steps  \u2014  j/k or \u2190/\u2192, n: next failure, p: presenter";
    }

    var ok = document.createElement("div");
    ok.id = "ms-script-ok";
    ok.hidden = true;
    ok.setAttribute("data-steps", String(steps.length));
    ok.setAttribute("data-pictures", String(document.querySelectorAll("svg.ms-state").length));
    document.body.appendChild(ok);
})();
