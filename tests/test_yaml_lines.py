"""The YAML loader keeps lines and refuses what hides mistakes or attacks."""

from explainer.yaml_lines import load_yaml


def test_every_key_and_item_knows_its_line():
    data, problems = load_yaml("a: 1\nb:\n  - x\n  - y\nc: {d: 2}\n", "f.yml")
    assert problems == []
    assert data.lines == {"a": 1, "b": 2, "c": 5}
    assert data["b"].lines == [3, 4]
    assert data["c"].line == 5


def test_dates_stay_iso_text():
    data, _ = load_yaml("checked: 2026-11-15\n", "f.yml")
    assert data["checked"] == "2026-11-15"


def test_line_offset_shifts_lines_for_front_matter():
    data, problems = load_yaml("a: 1\na: 2\n", "x.md", line_offset=1)
    assert data is None
    assert [str(p) for p in problems] == ["x.md:3: duplicate key 'a' (first on line 2) (hint: remove one of the two)"]


def test_anchors_and_aliases_are_refused_where_they_start():
    bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    data, problems = load_yaml(bomb, "bomb.yml")
    assert data is None
    assert [str(p) for p in problems] == [
        "bomb.yml:1: YAML anchors and aliases (&name, *name) are not allowed (hint: write the value out in full)"]


def test_python_tags_are_refused():
    data, problems = load_yaml("a: !!python/object/apply:os.system ['true']\n", "t.yml")
    assert data is None
    assert "is not allowed" in problems[0].message


def test_merge_keys_are_refused():
    data, problems = load_yaml("a: {x: 1}\nb:\n  <<: {x: 1}\n", "m.yml")
    assert data is None
    assert str(problems[0]) == "m.yml:3: YAML merge keys (<<) are not allowed (hint: write the keys out in full)"
