"""Roles: curators work in the admin on the catalogue; experts and viewers only read there."""

import pytest

from hcvvet.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_a_curator_can_open_and_edit_the_catalogue_admin(client, make_user):
    from tests.factories import candidate_with_light_curve

    candidate = candidate_with_light_curve(n_points=5)
    make_user("cora", Role.CURATOR)
    client.login(username="cora", password="pw-for-tests-1")
    assert client.get("/admin/catalog/candidate/").status_code == 200
    page = client.get(f"/admin/catalog/candidate/{candidate.pk}/change/")
    assert page.status_code == 200
    assert b"ACS_F814W" in page.content


def test_history_is_never_deletable_even_by_a_curator(make_user):
    curator = make_user("cora", Role.CURATOR)
    assert curator.has_perm("catalog.change_candidate")
    assert curator.has_perm("vetting.add_imageflag")
    assert not curator.has_perm("vetting.delete_labelevent")
    assert not curator.has_perm("vetting.delete_label")


def test_an_expert_is_kept_out_of_the_admin(client, make_user):
    make_user("ada", Role.EXPERT)
    client.login(username="ada", password="pw-for-tests-1")
    response = client.get("/admin/catalog/candidate/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
