"""The YAML loader keeps lines and refuses what hides mistakes or attacks."""

from explainer.content.yaml_lines import load_yaml


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


def _only(text, path="f.yml", offset=0):
    data, problems = load_yaml(text, path, offset)
    assert data is None and len(problems) == 1
    return str(problems[0])


def test_a_syntax_error_anywhere_wins_over_an_earlier_schema_problem():
    # The whole stream is parsed before a tag, a merge key or a duplicate is reported.
    assert _only("a: !foo 1\nb: 2\nc: [\n").startswith("f.yml:4: YAML syntax error: ")
    assert _only("a: 1\na: 2\nb: &x 3\n").startswith("f.yml:3: YAML anchors and aliases")


def test_a_second_document_wins_over_a_problem_in_the_first():
    assert _only("a: 1\na: 2\n---\nb: 3\n") == (
        "f.yml:3: YAML syntax error: but found another document "
        "(hint: check the indentation and quoting on this line and the one before)")


def test_the_first_schema_problem_is_the_one_reported():
    assert _only("a: !foo 1\na: 2\n<<: {}\n") == (
        "f.yml:1: YAML tag '!foo' is not allowed "
        "(hint: remove the !tag; plain strings, numbers, booleans and dates are supported)")
    assert _only("a: 1\nb: {c: 1, c: 2}\nd: !foo 1\n").startswith("f.yml:2: duplicate key 'c' (first on line 2)")


def test_scalars_resolve_as_yaml_1_1_and_keys_become_text():
    data, problems = load_yaml("1: yes\n? [x, y]\n: ~\nn: '12'\nf: 1.5\nd: !!str 2026-01-01\ne:\nt: ! 12\n", "f.yml")
    assert problems == []
    assert data == {"1": True, "['x', 'y']": None, "n": "12", "f": 1.5, "d": "2026-01-01", "e": None, "t": 12}
    assert data.lines == {"1": 1, "['x', 'y']": 2, "n": 4, "f": 5, "d": 6, "e": 7, "t": 8}


def test_bad_scalars_are_located():
    assert _only("a: 1\nb: 2026-02-30\n", offset=1) == "f.yml:3: '2026-02-30' is not a date (hint: write a real date as YYYY-MM-DD)"
    assert _only("- !!int x\n").startswith("f.yml:1: 'x' is not a number this build can read")


def test_line_offset_reaches_nested_values():
    data, problems = load_yaml("a:\n  - b: 1\n    c: [x,\n      y]\n", "x.md", line_offset=1)
    assert problems == []
    assert (data.line, data.lines, data["a"].line, data["a"].lines) == (2, {"a": 2}, 3, [3])
    assert data["a"][0].lines == {"b": 3, "c": 4} and data["a"][0]["c"].lines == [4, 5]


def test_empty_documents_have_no_value():
    assert load_yaml("", "f.yml") == (None, [])
    assert load_yaml("# nothing\n", "f.yml") == (None, [])
    assert load_yaml("---\n", "f.yml") == (None, [])


def test_explicit_tags_on_values_they_cannot_read_are_problems_not_crashes():
    assert _only("a: !!bool maybe\n") == "f.yml:1: 'maybe' is not true or false (hint: write true or false, or remove the !!bool)"
    assert _only("a: 1\nb: !!timestamp soon\n") == "f.yml:2: 'soon' is not a date (hint: write a real date as YYYY-MM-DD)"
    assert load_yaml("a: !!bool yes\nb: !!timestamp 2026-01-02\n", "f.yml")[0] == {"a": True, "b": "2026-01-02"}
