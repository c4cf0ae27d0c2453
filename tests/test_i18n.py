import re

from ipdash import i18n


def test_every_string_has_both_languages_with_the_same_placeholders():
    for key, entry in i18n.all_strings().items():
        assert entry.get("zh") and entry.get("en"), key
        ph = [set(re.findall(r"{(\w+)}", entry[lang])) for lang in ("zh", "en")]
        assert ph[0] == ph[1], key


def test_chinese_is_the_default():
    assert i18n.t("nav.overview") == "总览"
    assert i18n.t("nav.overview", "en") == "Overview"
