"""The cutout strip's tools in Chromium: one stretch and contrast change the pixels of every cutout without a
request to the server; scale bars span the right share of each cutout; the links out carry the candidate's
coordinates and the selected image's name, and open in a new tab."""

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from hcvvet.accounts.models import Role
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.queues import default_campaign
from tests.e2e.conftest import log_in, open_candidate
from tests.e2e.review_data import FILTERS, build_review_field
from tests.vetting.campaign_helpers import active_campaign

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The sum of the grey levels of each cutout of the strip, as the browser shows it now.
PIXEL_SUMS = """async () => {
  const images = [...document.querySelectorAll('#strip img')];
  await Promise.all(images.map((img) => img.decode()));
  return images.map((img) => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i];
    return sum;
  });
}"""


def wait_until_stretched(page, wanted: str) -> None:
    """Every cutout of the strip shows `wanted` ("log 2": stretch and contrast); waits on the page's own
    attributes, not on evaluated code (the page's CSP allows no eval)."""
    page.wait_for_selector("#strip img", state="attached")
    page.wait_for_selector(f'#strip img:not([data-stretch="{wanted}"])', state="detached")


@pytest.fixture
def candidate(db):
    return build_review_field(candidates=1, constants=20, n_points=6)[0]


def test_stretch_and_contrast_change_every_cutout_without_fetching_it_again(
    page, live_server, expert, candidate
):
    log_in(page, live_server.url, expert.username)
    open_candidate(page, live_server.url, candidate.match_id)
    linear = page.evaluate(PIXEL_SUMS)
    assert len(linear) >= 6  # the selected epoch and the highlights of two filters, both sizes
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))

    page.select_option("#cutout-stretch", "log")
    wait_until_stretched(page, "log 1")
    logged = page.evaluate(PIXEL_SUMS)
    assert all(
        after > before for before, after in zip(linear, logged, strict=True)
    )  # log lifts the faint sky

    page.eval_on_selector(
        "#cutout-contrast", "el => { el.value = '2'; el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    wait_until_stretched(page, "log 2")
    contrasted = page.evaluate(PIXEL_SUMS)
    assert all(after != before for before, after in zip(logged, contrasted, strict=True))
    assert page.locator("#cutout-contrast-value").inner_text() == "2.0"

    shown = page.locator("#strip").get_attribute("data-selected-image")
    page.keyboard.press("ArrowRight")  # the next epoch's strip is drawn with the same stretch
    page.wait_for_selector(f'#strip:not([data-selected-image="{shown}"])')
    wait_until_stretched(page, "log 2")
    assert page.evaluate(PIXEL_SUMS)  # every image decodes
    assert [url for url in fetched if "/review/cutouts/" in url] == []
    assert page.errors == []


def test_scale_bars_span_their_share_of_each_cutout(page, live_server, expert, candidate):
    log_in(page, live_server.url, expert.username)
    open_candidate(page, live_server.url, candidate.match_id)
    bars = page.eval_on_selector_all(
        "#strip .frame:has(img)",
        """frames => frames.map((frame) => {
          const bar = frame.querySelector('.scale-bar');
          return {kind: frame.classList.contains('inner') ? 'inner' : 'outer',
                  label: bar && bar.innerText, bar: bar && bar.getBoundingClientRect().width,
                  frame: frame.getBoundingClientRect().width};
        })""",
    )
    assert bars
    for bar in bars:  # ACS/WFC: 0.05 arcsec pixels; 19 px = 0.95 arcsec, 101 px = 5.05 arcsec
        arcsec, width_arcsec = (0.25, 0.95) if bar["kind"] == "inner" else (2, 5.05)
        assert bar["label"] == f"{arcsec:g}″"
        assert bar["bar"] / bar["frame"] == pytest.approx(arcsec / width_arcsec, abs=0.02)
    orientation = page.locator("#cutout-orientation").inner_text()
    assert "Detector orientation" in orientation
    assert "no WCS" in orientation


def test_links_out_carry_the_coordinates_and_image_and_open_in_a_new_tab(
    page, live_server, expert, candidate
):
    log_in(page, live_server.url, expert.username)
    open_candidate(page, live_server.url, candidate.match_id)
    position = f"{candidate.ra_deg:.6f} {candidate.dec_deg:+.6f}"
    links = page.eval_on_selector_all(
        ".strip-tools .sky-links a, #strip figure.hero .image-links a",
        "links => links.map((a) => ({name: a.textContent, href: a.href, target: a.target, rel: a.rel}))",
    )
    by_name = {link["name"]: link for link in links}
    assert set(by_name) == {
        "HLA",
        "MAST portal",
        "ESA HCV Explorer",
        "SIMBAD",
        "ESASky",
        "HLA display",
        "fitscut",
    }
    for link in links:
        assert link["target"] == "_blank"
        assert "noopener" in link["rel"].split()
        assert urlsplit(link["href"]).hostname != urlsplit(live_server.url).hostname

    def query(name: str) -> dict:
        return {key: values[0] for key, values in parse_qs(urlsplit(by_name[name]["href"]).query).items()}

    assert query("SIMBAD")["Coord"] == position
    assert query("ESASky")["target"] == position
    assert query("MAST portal")["searchQuery"] == position
    assert by_name["HLA"]["href"].endswith(f"query_string={quote(position)}")
    image = page.locator("#strip").get_attribute("data-selected-image")
    assert query("HLA display")["image"] == image
    fitscut = query("fitscut")
    assert (fitscut["red"], float(fitscut["ra"]), float(fitscut["dec"])) == (
        image,
        pytest.approx(candidate.ra_deg, abs=1e-6),
        pytest.approx(candidate.dec_deg, abs=1e-6),
    )
    page.keyboard.press("ArrowRight")  # another epoch: the image links follow the selected image
    page.wait_for_function(
        "image => document.getElementById('strip').dataset.selectedImage !== image", arg=image
    )
    other = page.locator("#strip").get_attribute("data-selected-image")
    href = page.locator("#strip figure.hero .image-links a", has_text="HLA display").get_attribute("href")
    assert href.endswith(f"image={other}")


AXIS_LABELS = """(name) => {
  for (const doc of Bokeh.documents) {
    const plot = doc.get_model_by_name(name);
    if (plot) return [plot.below[0].axis_label, plot.left[0].axis_label];
  }
  return null;
}"""


def test_consensus_group_and_axes_are_said_in_words(page, live_server, make_user, candidate):
    """No "sub -5", no "Consensus: consensus → 1"; the context plots' axes name their filters."""
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    campaign = active_campaign(experts=[ada, bob], candidates=[candidate], blind=False, name="Open pilot")
    for expert in (ada, bob):
        label_submit(campaign=campaign, candidate=candidate, expert=expert, expert_class=1)
    # Her vote in the (blind) default queue too: until then blind review hides every class of it from her.
    label_submit(campaign=default_campaign(), candidate=candidate, expert=ada, expert_class=1)
    log_in(page, live_server.url, "ada")
    page.goto(f"{live_server.url}/review/{campaign.pk}/{candidate.match_id}/")
    # The field plots' axes are named once the field's context is drawn, after the candidate itself.
    page.wait_for_selector(f"main#review[data-context-drawn='{candidate.match_id}']", state="attached")
    assert page.locator("#votes [data-role=consensus]").inner_text() == (
        "Consensus reached: 1 (high-confidence variable); 2 of 2 votes in"
    )
    group = page.locator(".cand-head dd", has_text="SubGroupID").inner_text()
    assert f"GroupID {candidate.group_id}, SubGroupID {candidate.sub_group_id}" in group
    blue, red = FILTERS
    colour = f"{blue} \N{MINUS SIGN} {red} (mag)"
    assert page.evaluate(AXIS_LABELS, "cmd") == [colour, f"{blue} MeanCorrMag (mag)"]
    shown = page.locator("#strip").get_attribute("data-selected-image")
    band = next(f for f in FILTERS if f.split("_")[1].lower() in shown)
    assert page.evaluate(AXIS_LABELS, "madmag") == [f"{band} MeanCorrMag (mag)", f"{band} MAD (mag)"]
    assert page.errors == []
