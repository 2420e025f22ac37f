"""The vetting admin, through Django's test client."""

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Image, Measurement
from hcvvet.vetting.models import Campaign, CampaignState, EventKind, ImageFlag, LabelEvent
from tests.factories import CandidateFactory, candidate_with_light_curve
from tests.vetting.campaign_helpers import disputed_campaign


def test_admin_creates_and_starts_a_campaign_through_the_services(client, curator, make_user):
    curator.is_staff = True
    curator.save(update_fields=["is_staff"])
    ada = make_user("ada", Role.EXPERT)
    stars = [CandidateFactory(max_mad=0.1 * i) for i in range(3)]
    client.force_login(curator)
    reply = client.post(
        "/admin/vetting/campaign/add/",
        {
            "name": "admin made",
            "description": "",
            "match_ids": f"{stars[0].pk} {stars[2].pk}",
            "include_without_light_curve": "on",
            "votes_needed": 1,
            "blind": "on",
            "rule": "majority",
            "rule_k": 1,
            "order": "mad",
            "seed": 0,
            "experts": [ada.pk],
        },
    )
    assert reply.status_code == 302, reply.content.decode()[:2000]
    campaign = Campaign.objects.get(name="admin made")
    assert list(campaign.experts.all()) == [ada]
    client.post("/admin/vetting/campaign/", {"action": "start", "_selected_action": [campaign.pk]})
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.ACTIVE
    assert list(campaign.items.values_list("candidate_id", flat=True)) == [stars[2].pk, stars[0].pk]
    assert LabelEvent.objects.filter(kind=EventKind.CAMPAIGN, campaign=campaign).count() == 2


def test_admin_history_is_read_only_and_image_flags_go_through_the_service(client, curator, make_user):
    curator.is_staff = True
    curator.save(update_fields=["is_staff"])
    disputed_campaign(make_user)
    client.force_login(curator)
    event = LabelEvent.objects.first()
    assert client.get(f"/admin/vetting/labelevent/?q={event.candidate_id}").status_code == 200
    assert client.post(f"/admin/vetting/labelevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert LabelEvent.objects.filter(pk=event.pk).exists()

    star = candidate_with_light_curve(n_points=6)
    image = Image.objects.filter(measurements__candidate=star).first()
    reply = client.post("/admin/vetting/imageflag/add/", {"image": image.pk, "reason": "saturated core"})
    assert reply.status_code == 302
    assert Measurement.objects.get(candidate=star, image=image).rejected
    flag = ImageFlag.objects.get()
    client.post("/admin/vetting/imageflag/", {"action": "unflag", "_selected_action": [flag.pk]})
    assert not Measurement.objects.get(candidate=star, image=image).rejected
