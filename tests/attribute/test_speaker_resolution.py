"""Who is speaking: gender and person agreement, full names for short ones, owners of
statements, outlets and bodies referred back to, transcript labels, section labels."""

from __future__ import annotations

from attrhelp import about, speakers, via


def test_she_skips_the_nearer_man(reading):
    r = reading(
        "Helena Varga opened the bakery in 2019. Councillor Peter Moss defended the order. "
        "He said residents had complained about noise. "
        '"Nobody knocked on my door," she said.'
    )
    assert speakers(about(r, "Nobody knocked")) == ["Helena Varga"]
    assert speakers(about(r, "residents had complained")) == ["Peter Moss"]


def test_honorifics_give_gender(reading):
    r = reading(
        "Ms Okonjo says the tree is protected. Mr Jarvis said he had offered to pay for a surgeon. "
        '"It will be here after us too," she said.'
    )
    assert speakers(about(r, "here after us")) == ["Okonjo"]


def test_first_names_and_shared_family_names_resolve_to_the_full_name(reading):
    r = reading(
        "Lucy Heale and Marcus Brandt married on Saturday. Marcus said the nurses had decorated the ward. "
        "Ilse and Maren Tobler run the ferry. Maren said their father never let them steer."
    )
    assert speakers(about(r, "nurses had decorated")) == ["Marcus Brandt"]
    assert speakers(about(r, "never let them steer")) == ["Maren Tobler"]


def test_a_surname_is_not_an_outlet_because_it_wrote(reading):
    r = reading(
        "Opposition leader Carla Benedetti said on Saturday that the bill was late. "
        "Benedetti wrote that the government was hiding the real figure."
    )
    assert speakers(about(r, "hiding the real figure")) == ["Carla Benedetti"]


def test_a_statement_speaks_for_its_owner(reading):
    r = reading(
        "A statement released by the Glenmore Port Authority on Sunday said the pier would close. "
        "The statement said repairs would take a year."
    )
    assert speakers(about(r, "pier would close")) == ["Glenmore Port Authority"]
    assert speakers(about(r, "repairs would take a year")) == ["Glenmore Port Authority"]


def test_the_newspaper_is_the_outlet_named_before(reading):
    r = reading(
        "The mayor will resign, the Dunmore Herald reported on Tuesday. "
        "The newspaper said she had lost the support of her party."
    )
    assert speakers(about(r, "lost the support")) == ["Dunmore Herald"]


def test_citing_an_organisation_makes_it_the_speaker(reading):
    r = reading(
        "Westline Rail plans to cut 300 jobs, the Coastal Herald reported, "
        "citing the local branch of the railway workers' union."
    )
    a = about(r, "cut 300 jobs")
    assert "union" in speakers(a)[0]
    assert via(a) == ["Coastal Herald"]


def test_apposition_names_the_description(reading):
    r = reading(
        "The ambulance service said it had added 40 crews. The mill's owner, Castlereagh Textiles, "
        "said it was cooperating fully with investigators."
    )
    assert speakers(about(r, "cooperating fully")) == ["Castlereagh Textiles"]


def test_transcript_labels_resolve_to_full_names_and_section_labels_are_not_speakers(reading):
    r = reading(
        "Radio debate\n\n"
        "PIKE: How many homes have been built?\n\n"
        "ACHEBE: Half of those are flats nobody here can afford.\n\n"
        "PIKE: Your response, Mr Doyle?\n\n"
        "The debate between Ngozi Achebe and Martin Doyle was moderated by Lorna Pike.\n\n"
        "EARNINGS: Ravensholt Bank posted a profit. Chief executive Anders Lindqvist said lending had grown.\n"
    )
    assert speakers(about(r, "nobody here can afford")) == ["Ngozi Achebe"]
    assert speakers(about(r, "lending had grown")) == ["Anders Lindqvist"]
    assert not any(s.name == "EARNINGS" for a in r.attributions for s in a.speakers)


def test_a_name_and_a_verb_of_manner_sign_a_quote(reading):
    r = reading('Janine Harker said she screamed. "She thought someone had been hurt," Dean Harker laughed.')
    a = about(r, "someone had been hurt")
    assert speakers(a) == ["Dean Harker"] and a.type == "speech"


def test_short_whole_sentence_follow_on_is_kept(reading):
    r = reading('"We complained twice," said Doreen Achterberg. "Nobody listened."')
    assert speakers(about(r, "Nobody listened")) == ["Doreen Achterberg"]


def test_writers_voice_stays_out_of_the_default_view(reading):
    from reportedly.render import visible

    r = reading("I can tell you the bus lanes have never been calmer. Maureen Doyle said takings were down.")
    assert [a.content_text for a in visible(r).attributions] == ["takings were down"]


def test_names_carry_no_markup_and_no_glued_words(reading):
    r = reading(
        'The bill stalled on Tuesday. ">Sanders said the plan would fail in the Senate. '
        "<b>Mayor Lena Ortiz</b> said the dam was safe. "
        "A lanky, bespectacled professor who led the dig said the finds were remarkable."
    )
    assert speakers(about(r, "plan would fail")) == ["Sanders"]
    assert speakers(about(r, "dam was safe")) == ["Lena Ortiz"]
    assert speakers(about(r, "finds were remarkable")) == ["lanky bespectacled professor"]


def test_a_cue_less_quote_belongs_to_the_person_its_paragraph_turned_to(reading):
    r = reading(
        "The ferry union will strike on Monday, its leader Nadia Brook said. "
        "Transport minister Karl Odum said the strike was unlawful.\n\n"
        "Brook, who has led the union since 2019, grew up on the island. "
        "Her father ran the night ferry for thirty years. "
        '"We have asked for talks four times and heard nothing back."\n\n'
        'Odum said he would meet the union. "My door has always been open."'
    )
    assert speakers(about(r, "asked for talks")) == ["Nadia Brook"]
    # with no one else named in between, a follow-on quote still continues the last speaker
    assert speakers(about(r, "door has always been open")) == ["Karl Odum"]
