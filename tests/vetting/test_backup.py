"""`manage.py backup_vetting` and `restore_vetting`: a deployment's decisions survive a backup, an emptied
database and a restore exactly (ids, values, timestamps, actors, event order), and bad input is refused with a
clear message that leaves the database as it was."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection

from hcvvet.accounts.models import Role, User
from hcvvet.catalog.models import Candidate, FilterStat, Image, Measurement
from hcvvet.vetting.adjudication import adjudicate
from hcvvet.vetting.backup import FORMAT, RESTORED_MODELS, VERSION, vetting_clear, vetting_data_counts
from hcvvet.vetting.campaigns import (
    Retirement,
    campaign_close,
    campaign_create,
    campaign_reorder,
)
from hcvvet.vetting.epochs import epoch_reject
from hcvvet.vetting.image_flags import image_flag, image_unflag
from hcvvet.vetting.labels import label_skip, label_submit, label_undo
from hcvvet.vetting.models import (
    Adjudication,
    Campaign,
    CampaignCandidate,
    ConsensusState,
    EpochRejection,
    ImageFlag,
    Label,
    LabelEvent,
)
from hcvvet.vetting.queues import default_campaign, next_item
from tests.factories import candidate_with_light_curve
from tests.vetting.campaign_helpers import started_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def deployment(make_user):
    """Several campaigns (blind and open, every rule, gold), blind voters, undo history, a skip, a dispute
    settled by adjudication, one left disputed, epoch rejections and image flags (one cleared)."""
    cora = make_user("cora", Role.CURATOR, Role.EXPERT)
    ada, bob, eve = (make_user(name, Role.EXPERT) for name in ("ada", "bob", "eve"))
    c = [
        candidate_with_light_curve(
            seed=i, hcv_expert_class=(1, 0, 2, 0, 4, 0, 0, 1)[i], amplitude_mag=0.1 + i / 20
        )
        for i in range(8)
    ]
    blind = started_campaign(
        user=cora,
        name="M 87 blind",
        experts=(ada, bob, eve),
        selection={"match_ids": [x.pk for x in c[0:6]], "gold_match_ids": [c[0].pk]},
        votes_needed=2,
        rule="majority",
        order="random",
        seed=3,
    )
    next_item(expert=ada, campaign=blind)  # a lease, as a page open in a browser holds
    served = c[1]
    label_submit(campaign=blind, candidate=served, expert=ada, expert_class=1, seconds_spent=4.5)
    label_submit(
        campaign=blind, candidate=served, expert=bob, expert_class=1, reasons=["other"], comment="ok"
    )
    label_submit(campaign=blind, candidate=c[2], expert=ada, expert_class=2)
    label_submit(campaign=blind, candidate=c[2], expert=eve, expert_class=4, reasons=["cosmic_ray"])
    adjudicate(
        item=CampaignCandidate.objects.get(campaign=blind, candidate=c[2]),
        adjudicator=cora,
        decided_class=2,
        note="periodic",
    )
    label_submit(campaign=blind, candidate=c[3], expert=ada, expert_class=4)
    label_undo(campaign=blind, expert=ada)
    label_submit(campaign=blind, candidate=c[4], expert=bob, expert_class=2)
    label_submit(campaign=blind, candidate=c[4], expert=bob, expert_class=1)
    label_undo(campaign=blind, expert=bob)
    label_skip(campaign=blind, candidate=c[5], expert=eve)
    label_submit(campaign=blind, candidate=c[0], expert=eve, expert_class=1)

    open_campaign = started_campaign(
        user=cora,
        name="Open first K",
        experts=(ada, bob, eve),
        selection={"match_ids": [x.pk for x in c[5:8]], "mad_min": 0.0},
        votes_needed=3,
        blind=False,
        rule="first_k",
        rule_k=2,
        order="stratified",
    )
    for expert, expert_class in ((ada, 1), (bob, 2), (eve, 4)):
        label_submit(campaign=open_campaign, candidate=c[6], expert=expert, expert_class=expert_class)
    pilot = started_campaign(user=cora, name="Pilot", experts=(ada,), selection={"match_ids": [c[7].pk]})
    label_submit(campaign=pilot, candidate=c[7], expert=ada, expert_class=4)
    campaign_close(campaign=pilot, user=cora)
    campaign_create(user=cora, name="Draft", rule="unanimous", selection={"auto_class": [2]})
    ranked = started_campaign(
        user=cora,
        name="Model ranked",
        experts=(ada,),
        selection={"match_ids": [x.pk for x in c[3:8]]},
        order="uncertainty",
        audit_share=0.2,
        model_display="before",
        retire_confidence=0.9,
        retrain_after=50,
    )
    not_audit = ranked.items.filter(in_audit=False).order_by("candidate_id")
    retired = not_audit.first().candidate_id
    campaign_reorder(
        campaign=ranked,
        model_version=7,
        priorities={x.pk: x.pk / 1e9 for x in c},
        retire={retired: Retirement(expert_class=4, probability=0.95)},
    )
    retired_items = ranked.items.filter(consensus=ConsensusState.RETIRED, retired_class=4, retired_model=7)
    assert retired_items.count() == 1
    assert ranked.items.filter(in_audit=True).count() == 1  # 0.2 of 5
    label_submit(campaign=default_campaign(), candidate=c[1], expert=eve, expert_class=2)

    epoch_reject(
        measurement=Measurement.objects.filter(candidate=c[1]).first(), user=ada, reason="cosmic ray"
    )
    # the same epoch, rejected by another expert in another campaign
    epoch_reject(
        measurement=Measurement.objects.filter(candidate=c[1]).first(),
        user=bob,
        reason="blend",
        campaign=blind,
    )
    image_flag(image=Measurement.objects.filter(candidate=c[2]).last().image, user=cora, reason="guiding")
    cleared = Measurement.objects.filter(candidate=c[3]).first().image
    image_flag(image=cleared, user=cora, reason="trailed")
    image_unflag(image=cleared, user=cora)
    return {"candidates": c, "users": (cora, ada, bob, eve)}


def _rows(queryset, *fields: str) -> list[tuple]:
    return list(queryset.values_list(*fields))


def vetting_state() -> dict[str, list]:
    """Everything a backup must bring back, users by username so recreated users compare equal."""
    return {
        "campaigns": _rows(
            Campaign.objects.order_by("pk"),
            *("pk", "name", "description", "selection", "votes_needed", "blind", "rule", "rule_k", "order"),
            *("seed", "state", "is_default", "created_by__username", "created_at", "started_at"),
            *("audit_share", "model_display", "retire_confidence", "retrain_after"),
        ),
        "experts": sorted(Campaign.experts.through.objects.values_list("campaign_id", "user__username")),
        "items": _rows(
            CampaignCandidate.objects.order_by("pk"),
            *(
                "pk",
                "campaign_id",
                "candidate_id",
                "position",
                "stratum",
                "is_gold",
                "gold_class",
                "vote_count",
            ),
            *("consensus", "consensus_class", "decided_at", "in_audit", "priority", "retired_at"),
            *("retired_model", "retired_class", "retired_probability"),
        ),
        "labels": _rows(
            Label.objects.order_by("pk"),
            *("pk", "campaign_id", "candidate_id", "expert__username", "expert_class", "skipped", "reasons"),
            *("comment", "seconds_spent", "created_at", "updated_at"),
        ),
        "events": _rows(
            LabelEvent.objects.order_by("created_at", "pk"),
            *("pk", "kind", "actor__username", "campaign_id", "candidate_id", "label_id", "before", "after"),
            *("undoes_id", "created_at"),
        ),
        "adjudications": _rows(
            Adjudication.objects.order_by("pk"),
            *(
                "pk",
                "item_id",
                "decided_class",
                "adjudicator__username",
                "rule",
                "votes",
                "note",
                "decided_at",
            ),
        ),
        "flags": _rows(
            ImageFlag.objects.order_by("pk"),
            *("pk", "image_id", "reason", "flagged_by__username", "created_at", "cleared_by__username"),
            *("cleared_at", "marked_for_review"),
        ),
        "rejections": _rows(
            Measurement.objects.filter(rejected=True).order_by("pk"),
            *("pk", "rejected_source", "rejected_reason", "rejected_by__username", "rejected_at"),
        ),
        "epoch_rejections": _rows(
            EpochRejection.objects.order_by("measurement_id", "created_at"),
            *("measurement_id", "campaign__name", "expert__username", "reason", "created_at"),
        ),
        "vetted": _rows(
            FilterStat.objects.order_by("pk"), "pk", "vetted_mad", "vetted_chi2", "vetted_num_lc"
        ),
        "flagged_images": _rows(Image.objects.filter(flagged=True).order_by("pk"), "pk"),
        "outcomes": _rows(Candidate.objects.order_by("pk"), "pk", "expert_class", "needs_review"),
    }


def _restart_id_sequences() -> None:
    """Ids of the emptied tables start again from 1, as in a freshly migrated database (PostgreSQL; SQLite
    keeps no sequence apart from the rows)."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), RESTORED_MODELS):
            cursor.execute(statement)


def _backup(tmp_path) -> tuple:
    path = tmp_path / "vetting.json"
    call_command("backup_vetting", str(path))
    return path, json.loads(path.read_text())


def test_backup_flush_restore_gives_back_everything_exactly(deployment, tmp_path):
    before = vetting_state()
    path, document = _backup(tmp_path)
    assert (document["format"], document["version"]) == (FORMAT, VERSION)
    assert len(document["events"]) == len(before["events"]) > 20

    vetting_clear()
    _restart_id_sequences()
    assert not any(vetting_data_counts().values())
    assert vetting_state() != before

    call_command("restore_vetting", str(path))

    after = vetting_state()
    for key in before:
        assert after[key] == before[key], key
    # new rows get fresh ids after the restored ones (PostgreSQL: the sequences were moved past them)
    made = campaign_create(user=deployment["users"][0], name="After the restore")
    assert made.pk > max(row[0] for row in before["campaigns"])
    assert LabelEvent.objects.latest("pk").pk > max(row[0] for row in before["events"])


def test_restore_recreates_missing_users_inactive_with_their_roles_and_no_password(deployment, tmp_path):
    path, _ = _backup(tmp_path)
    before = vetting_state()
    vetting_clear()
    User.objects.get(username="eve").delete()

    call_command("restore_vetting", str(path))

    eve = User.objects.get(username="eve")
    assert not eve.is_active
    assert not eve.has_usable_password()
    assert eve.is_expert
    assert vetting_state() == before


def test_restore_refuses_a_database_that_holds_vetting_data(deployment, tmp_path):
    path, _ = _backup(tmp_path)
    label_undo(campaign=Campaign.objects.get(name="Open first K"), expert=deployment["users"][3])
    before = vetting_state()

    with pytest.raises(CommandError, match=r"already holds vetting data \(6 campaigns, 13 labels.*--replace"):
        call_command("restore_vetting", str(path))

    assert vetting_state() == before


def test_restore_with_replace_puts_the_backup_in_place_of_what_is_there(deployment, tmp_path):
    expected = vetting_state()
    path, _ = _backup(tmp_path)
    eve = deployment["users"][3]
    label_undo(campaign=Campaign.objects.get(name="Open first K"), expert=eve)
    campaign_create(user=deployment["users"][0], name="Made after the backup")
    assert vetting_state() != expected

    call_command("restore_vetting", str(path), "--replace")

    assert vetting_state() == expected


def test_restore_into_a_fresh_deployment_whose_default_queue_was_only_opened(deployment, tmp_path):
    expected = vetting_state()
    path, _ = _backup(tmp_path)
    vetting_clear()
    default_campaign()  # a first visit to the review page creates the empty default queue

    call_command("restore_vetting", str(path))

    assert vetting_state() == expected


def test_a_version_1_backup_restores_its_rejections_without_a_campaign(deployment, tmp_path):
    """Version 1 held one entry per rejected epoch (its first rejection), with no campaign: restored as a
    rejection made before rejections had a campaign, which everyone sees (as vetting 0006 migrates them)."""
    _, document = _backup(tmp_path)
    expected = vetting_state()
    first: dict[tuple, dict] = {}
    for entry in sorted(document["epoch_rejections"], key=lambda e: e["rejected_at"]):
        first.setdefault((entry["match_id"], entry["filter"], entry["image"]), entry)
    old = document | {
        "version": 1,
        "epoch_rejections": [{k: v for k, v in e.items() if k != "campaign"} for e in first.values()],
    }
    vetting_clear()

    call_command("restore_vetting", _write(tmp_path, old))

    restored = vetting_state()
    assert restored["rejections"] == expected["rejections"]
    assert restored["vetted"] == expected["vetted"]  # both experts rejected the same epoch
    assert [(r[1], r[2], r[3]) for r in restored["epoch_rejections"]] == [(None, "ada", "cosmic ray")]


def test_a_version_2_backup_restores_campaigns_without_the_model_settings(deployment, tmp_path):
    """Version 2 knew no model: its campaigns come back never showing the model, retiring nothing, with the
    default audit share, and their items unranked; everything else as it was."""
    _, document = _backup(tmp_path)
    model_keys = {"audit_share", "model_display", "retire_confidence", "retrain_after"}
    item_keys = {"in_audit", "priority", *(f"retired_{k}" for k in ("at", "model", "class", "probability"))}

    def version_2_item(item: dict) -> dict:
        kept = {k: v for k, v in item.items() if k not in item_keys}
        return kept | {"consensus": "open" if item["consensus"] == "retired" else item["consensus"]}

    old = document | {
        "version": 2,
        "campaigns": [
            {k: v for k, v in c.items() if k not in model_keys}
            | {"items": [version_2_item(i) for i in c["items"]]}
            for c in document["campaigns"]
        ],
    }
    expected = vetting_state()
    vetting_clear()

    call_command("restore_vetting", _write(tmp_path, old))

    restored = vetting_state()
    assert [row[:-4] for row in restored["campaigns"]] == [row[:-4] for row in expected["campaigns"]]
    assert {row[-4:] for row in restored["campaigns"]} == {(0.1, "never", None, None)}
    assert [row[:8] for row in restored["items"]] == [row[:8] for row in expected["items"]]
    assert {row[-6:] for row in restored["items"]} == {(False, None, None, None, None, None)}
    assert not CampaignCandidate.objects.filter(consensus=ConsensusState.RETIRED).exists()
    assert restored["labels"] == expected["labels"]


def _write(tmp_path, content) -> str:
    path = tmp_path / "bad.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: {"format": "something-else", **{k: v for k, v in d.items() if k != "format"}},
            "not an hcvvet",
        ),
        (lambda d: d | {"version": VERSION + 1}, f"version {VERSION + 1} is not supported"),
        (lambda d: {k: v for k, v in d.items() if k != "labels"}, "malformed backup: KeyError: 'labels'"),
        (lambda d: d | {"labels": [d["labels"][0] | {"created_at": "yesterday"}]}, "malformed backup"),
        (lambda d: d | {"events": [d["events"][0] | {"kind": "vote"}]}, "event kind 'vote'"),
        (
            lambda d: d | {"campaigns": [d["campaigns"][0] | {"rule": "loudest"}]},
            "campaign rule 'loudest' is not one of",
        ),
        (
            lambda d: d | {"labels": [d["labels"][0] | {"expert_class": 3}]},
            "label expert_class 3 is not one of",
        ),
        (
            lambda d: d | {"image_flags": [d["image_flags"][0] | {"flagged_by": None}]},
            "user None is not listed",
        ),
        (lambda d: d | {"labels": [d["labels"][0] | {"expert": "mallory"}]}, "user 'mallory' is not listed"),
        (lambda d: d | {"outcomes": [{"match_id": 42, "expert_class": 1}]}, r"not in the catalogue .*\[42\]"),
        (
            lambda d: d | {"campaigns": [d["campaigns"][0] | {"selection": {"colour": "red"}}]},
            "unknown selection",
        ),
        (lambda d: d | {"labels": d["labels"] + d["labels"][:1]}, "contradicts itself"),
    ],
)
def test_restore_refuses_bad_backups_with_a_clear_message_and_writes_nothing(
    deployment, tmp_path, mutate, message
):
    _, document = _backup(tmp_path)
    vetting_clear()
    before = vetting_state()

    with pytest.raises(CommandError, match=message):
        call_command("restore_vetting", _write(tmp_path, mutate(document)))

    assert vetting_state() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "is not JSON"), ('"a string"', "not an hcvvet"), ("[]", "not an hcvvet")],
)
def test_restore_refuses_files_that_are_no_backup(db, tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        call_command("restore_vetting", _write(tmp_path, content))


def test_restore_of_a_missing_file_says_so(db, tmp_path):
    with pytest.raises(CommandError, match=r"cannot read .*nowhere\.json"):
        call_command("restore_vetting", str(tmp_path / "nowhere.json"))


def test_backup_does_not_overwrite_a_file_unless_forced(db, tmp_path):
    path = tmp_path / "vetting.json"
    path.write_text("keep me")
    with pytest.raises(CommandError, match="exists; pass --force"):
        call_command("backup_vetting", str(path))
    assert path.read_text() == "keep me"
    call_command("backup_vetting", str(path), "--force")
    assert json.loads(path.read_text())["format"] == FORMAT
