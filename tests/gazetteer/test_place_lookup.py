from events.pipeline.gazetteer import place_lookup


def test_it_finds_diplomatic_venues():
    assert (place_lookup("Aqaba").name, place_lookup("Aqaba").country_iso) == ("Aqaba", "JO")
    assert place_lookup("Camp David").country_iso == "US"
    assert place_lookup("Sharm el-Sheikh").country_iso == "EG"
    assert place_lookup("Sharm El Sheikh").name == "Sharm el-Sheikh"
    assert place_lookup("Doha").country_iso == "QA"
    assert place_lookup("Geneva").country_iso == "CH"
    assert place_lookup("Jeddah").country_iso == "SA"


def test_it_reads_a_city_with_its_country():
    assert place_lookup("Aqaba, Jordan").country_iso == "JO"
    assert place_lookup("Aqaba (Jordan)").name == "Aqaba"


def test_it_finds_cities_from_geonames_by_population():
    assert place_lookup("Paris").country_iso == "FR"  # not Paris, Texas
    assert place_lookup("Lagos").country_iso == "NG"
    assert place_lookup("Kiev").name == "Kyiv"


def test_it_finds_countries_as_places():
    place = place_lookup("Turkey")
    assert (place.name, place.country_iso, place.kind) == ("Türkiye", "TR", "country")


def test_it_answers_none_for_unknown_names():
    assert place_lookup("Xyzzyville") is None
    assert place_lookup("") is None
    assert place_lookup("the Secretary") is None


def test_it_never_lets_a_foreign_city_shadow_an_actor_or_a_country():
    assert place_lookup("Hamas") is None  # geonames lists "Hamas" as another spelling of Hamm
    assert place_lookup("Jordan").kind == "country"
    assert place_lookup("Georgia").country_iso == "GE"


def test_it_knows_the_places_of_other_conflicts():
    assert place_lookup("Khankendi").name == "Stepanakert"
    assert place_lookup("Philadelphi Corridor").country_iso == "PS"
    assert place_lookup("Strait of Hormuz").country_iso is None  # waters belong to no one country
    assert place_lookup("Goma").country_iso == "CD"
    assert place_lookup("Nyala").country_iso == "SD"  # from geonames
