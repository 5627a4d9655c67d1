"""library.anonymise: answers that name no one. Pure."""

from library.anonymise import ORDER, SELLER, STORE, anonymise, mask
from tests.appeals.conftest import odr_not_received


def test_mask_hides_names_ids_addresses_and_phones():
    text = (
        "Sunny Audio (A2SUNNY0AUDIO12) shipped 117-0000001-0000001 late; write to "
        "ops@sunny.example or call +86 755 1234 5678. SUNNY AUDIO apologises."
    )
    masked = mask(text, names=["Sunny Audio"])
    assert masked == (
        f"{STORE} ({SELLER}) shipped {ORDER} late; write to [hidden] or call "
        f"[hidden]. {STORE} apologises."
    )
    assert mask("", names=["x"]) == ""
    assert mask("We fixed it in 2 days.", names=["We"]) == "We fixed it in 2 days."


def test_anonymise_replaces_every_filled_slot_and_keeps_the_plan(shipped_library):
    answers = odr_not_received()
    out = anonymise(answers, shipped_library, names=["Sunny Audio"])
    assert [rc.ref for rc in out.root_causes] == [rc.ref for rc in answers.root_causes]
    assert len(out.orders) == len(answers.orders)
    assert {o.id for o in out.orders} == {ORDER}
    assert out.notice_text == "" and all(e.note == "" for e in out.evidence)
    slots = [v for rc in out.root_causes for a in rc.actions for v in a.slots.values()]
    slots += [v for rc in out.root_causes for v in rc.slots.values()]
    assert slots and all(v.startswith("[") and v.endswith("]") for v in slots)
    assert out.signature.store_name == STORE and out.signature.seller_id == SELLER
    assert answers.signature.store_name == "Sunny Audio"  # the input is untouched
