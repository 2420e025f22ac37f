"""The screenshot gallery lists every page each role's walk shot, at both widths."""

from tests.e2e.gallery import gallery_html, pages_by_role


def test_the_gallery_shows_each_roles_pages_at_both_widths(tmp_path):
    for role, page in (("curator", "campaigns_new"), ("curator", "home"), ("expert", "home")):
        (tmp_path / role).mkdir(exist_ok=True)
        for width in (1920, 1280):
            (tmp_path / role / f"{page}_{width}.png").write_bytes(b"\x89PNG")
    (tmp_path / "curator" / "notes.txt").write_text("not a screenshot")
    found = pages_by_role(tmp_path)
    assert found == {
        "curator": {
            "campaigns_new": [
                (1280, "curator/campaigns_new_1280.png"),
                (1920, "curator/campaigns_new_1920.png"),
            ],
            "home": [(1280, "curator/home_1280.png"), (1920, "curator/home_1920.png")],
        },
        "expert": {"home": [(1280, "expert/home_1280.png"), (1920, "expert/home_1920.png")]},
    }
    page = gallery_html(found)
    assert page.count("<img ") == 6
    assert "<h2 id='curator'>curator (2 pages)</h2>" in page
    assert "<h3>campaigns/new</h3>" in page
    assert "src='expert/home_1920.png'" in page
