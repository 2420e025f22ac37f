"""A small, complete world for whole-API tests.

Three M87 candidates with light curves; a started blind campaign "Blind pilot" (experts ada and bob, two
votes, majority) in which ada voted 1 on the first candidate and both voted (1 and 4) on the second, which is
therefore disputed; cora's vote in the default campaign on the third candidate; a draft campaign; an ingest
job; a flagged image of the first candidate; users of every role (ada = expert, bob = other expert, cora =
curator outside the blind campaign, vic = viewer).
"""

from dataclasses import dataclass

from hcvvet.catalog.models import Candidate, Image
from hcvvet.ingest.models import IngestJob
from hcvvet.ingest.services.lifecycle import job_create
from hcvvet.vetting.campaigns import campaign_create, campaign_start
from hcvvet.vetting.image_flags import image_flag
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, ImageFlag, Label
from hcvvet.vetting.queues import default_campaign
from tests.factories import GroupFactory, candidate_with_light_curve

M87_RA_DEG, M87_DEC_DEG = 187.7059, 12.3911


@dataclass
class Scenario:
    users: dict
    candidates: list[Candidate]
    default: Campaign
    blind: Campaign
    draft: Campaign
    ada_label: Label
    disputed: CampaignCandidate
    image: Image
    job: IngestJob
    flag: ImageFlag

    def refresh(self) -> None:
        """Keep a draft campaign to start and an active one to label in, whatever earlier requests did."""
        curator = self.users["curator"]
        self.draft.refresh_from_db()
        if self.draft.state != "draft":
            self.draft = campaign_create(
                user=curator, name=f"Draft {self.draft.pk + 1}", selection={"auto_class": [2]}
            )
        Campaign.objects.filter(pk=self.blind.pk).update(state="active")

    def known_path_values(self, path_template: str) -> dict[str, list]:
        """Existing resources for the parameters of a path template (those not listed are left generated)."""
        campaigns = [self.blind.pk, self.draft.pk, self.default.pk]
        values = {
            "/api/candidates/{match_id}/": {"match_id": [c.match_id for c in self.candidates]},
            "/api/campaigns/{id}/": {"id": campaigns},
            "/api/labels/{id}/": {"id": list(Label.objects.values_list("pk", flat=True))},
            "/api/images/{name}/": {"name": [self.image.name, self.flag.image_id]},
            "/api/image-flags/{id}/": {"id": [self.flag.pk]},
            "/api/ingest-jobs/{id}/": {"id": [self.job.pk]},
            "/api/adjudication/{item_id}/": {"item_id": [self.disputed.pk]},
        }
        for prefix, params in values.items():
            if path_template.startswith(prefix):
                return params
        return {}


def build_scenario(users: dict) -> Scenario:
    group = GroupFactory(group_id=69810, target_name="M87")
    candidates = [
        candidate_with_light_curve(
            match_id=1905457 + i,
            group=group,
            ra_deg=M87_RA_DEG + i * 2e-3,
            dec_deg=M87_DEC_DEG,
            seed=i,
            n_points=6,
            filters=("ACS_F606W", "ACS_F814W"),
            hcv_expert_class=1,
        )
        for i in range(3)
    ]
    curator, ada, bob = users["curator"], users["expert"], users["other_expert"]
    blind = campaign_create(
        user=curator,
        name="Blind pilot",
        experts=(ada, bob),
        selection={"match_ids": [c.match_id for c in candidates]},
        votes_needed=2,
        blind=True,
        rule="majority",
    )
    blind = campaign_start(campaign=blind, user=curator)
    draft = campaign_create(user=curator, name="Draft", selection={"group_ids": [group.group_id]})
    ada_label = label_submit(campaign=blind, candidate=candidates[0], expert=ada, expert_class=1)
    label_submit(campaign=blind, candidate=candidates[1], expert=ada, expert_class=1)
    label_submit(campaign=blind, candidate=candidates[1], expert=bob, expert_class=4)
    disputed = CampaignCandidate.objects.get(campaign=blind, candidate=candidates[1])
    job = job_create(target_name="M87", radius_arcsec=60, created_by=curator, queue=False)
    label_submit(campaign=default_campaign(), candidate=candidates[2], expert=curator, expert_class=2)
    bad_image = Image.objects.filter(measurements__candidate=candidates[0]).order_by("name").first()
    flag = image_flag(image=bad_image, user=curator, reason="satellite trail")
    return Scenario(
        users=users,
        candidates=candidates,
        default=default_campaign(),
        blind=blind,
        draft=draft,
        ada_label=ada_label,
        disputed=disputed,
        image=Image.objects.filter(measurements__candidate=candidates[2]).order_by("name").first(),
        job=job,
        flag=flag,
    )
