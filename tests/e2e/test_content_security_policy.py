"""The Content Security Policy holds in Chromium: the pages that run scripts (the review page with its Bokeh
plots, the Swagger UI, the reports, the admin, the login page) work under it and report no violation, while a
script injected into a page is refused."""

import pytest

from hcvvet.vetting.queues import default_campaign
from tests.e2e.conftest import log_in
from tests.e2e.review_data import build_review_field

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Violations reach the page as events (some, e.g. in Bokeh's shadow roots, never reach the console).
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


def violations(tab) -> list[str]:
    seen = tab.evaluate("window.cspViolations || []")
    console = [text for text in tab.errors if "Content Security Policy" in text]
    return seen + console


def visit(tab, url: str, ready: str) -> dict:
    response = tab.goto(url)
    tab.wait_for_selector(ready)
    tab.wait_for_load_state("networkidle")
    return response.headers


def test_pages_that_run_scripts_pass_the_policy(page, live_server, curator):
    candidate = build_review_field(candidates=1, constants=30, n_points=6)[0]
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server.url, curator.username)
    pages = {
        f"/review/{default_campaign().pk}/{candidate.match_id}/": "main#review.ready",
        "/api/docs/": ".swagger-ui .opblock",  # the operations are drawn: the start-up script ran
        "/reports/": "main.reports",
        "/adjudication/": "main.adjudication",  # its campaign picker is a nonce'd inline script
        "/admin/": "#content",
        "/": "body",
    }
    for path, ready in pages.items():
        headers = visit(page, live_server.url + path, ready)
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy, path
        scripts = policy.split("script-src")[1].split(";")[0]
        assert "unsafe-inline" not in scripts, path
        assert "unsafe-eval" not in scripts, path  # the review page, the API docs and the admin included
        assert violations(page) == [], path
    # The review page drew its Bokeh plots under the policy.
    visit(
        page, f"{live_server.url}/review/{default_campaign().pk}/{candidate.match_id}/", "main#review.ready"
    )
    page.wait_for_function(
        "(main => main.dataset.drawn === main.dataset.matchId)(document.querySelector('main'))"
    )
    assert violations(page) == []


def test_an_injected_inline_script_does_not_run(page, live_server, curator):
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server.url, curator.username)
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true;";
          document.body.appendChild(script);
        }"""
    )
    assert page.evaluate("window.injected === true") is False
    assert any("script-src" in violation for violation in violations(page))


# Where the browser shows a light-curve point: its page coordinates from the plot's own scales, with the image
# of its epoch; the point chosen is an epoch not selected now, the one farthest from any other point (one
# click, one point).
LIGHT_CURVE_POINT = """
() => {
  const byName = (name) => {
    for (const doc of Bokeh.documents) {
      const model = doc.get_model_by_name(name);
      if (model) return model;
    }
    return null;
  };
  const source = byName("lc_source");
  const view = Bokeh.index.find_one(byName("lc"));
  const box = view.el.getBoundingClientRect();
  const selected = document.querySelector("#strip").dataset.selectedImage;
  const { x_scale, y_scale } = view.frame;
  const points = source.data.x.map((x, i) => ({
    sx: x_scale.compute(x), sy: y_scale.compute(source.data.y[i]), image: source.data.image[i],
  }));
  const distance = (p, q) => Math.hypot(p.sx - q.sx, p.sy - q.sy);
  const gap = (p) => Math.min(...points.filter((q) => q !== p).map((q) => distance(p, q)));
  const best = points.filter((p) => p.image !== selected).sort((a, b) => gap(b) - gap(a))[0];
  return { x: box.left + best.sx, y: box.top + best.sy, image: best.image };
}
"""


def test_a_tap_on_the_light_curve_selects_its_epoch_under_the_policy(page, live_server, expert):
    """The tap on a light-curve point (static/review/epoch_tap.js, no eval) moves the cutout strip to that
    epoch, with no Content Security Policy violation."""
    candidate = build_review_field(candidates=1, constants=30, n_points=6)[0]
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server.url, expert.username)
    headers = visit(
        page, f"{live_server.url}/review/{default_campaign().pk}/{candidate.match_id}/", "main#review.ready"
    )
    assert "unsafe-eval" not in headers["content-security-policy"]
    page.wait_for_function(
        "(main => main.dataset.drawn === main.dataset.matchId)(document.querySelector('main'))"
    )
    before = page.get_attribute("#strip", "data-selected-image")
    point = page.evaluate(LIGHT_CURVE_POINT)
    assert point["image"] != before
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function(
        "(image) => document.querySelector('#strip').dataset.selectedImage === image", arg=point["image"]
    )
    assert point["image"] in page.inner_text("#strip figure.selected figcaption")
    assert violations(page) == []
