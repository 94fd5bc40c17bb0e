from generator.pipeline import check


def test_small_workbook_is_valid(make_workbook):
    portal, problems = check(make_workbook())
    assert [str(p) for p in problems if p.level == "error"] == []
    # provinces in Thai order (เชียงใหม่ before บุรีรัมย์), then districts (คูเมือง before เมืองบุรีรัมย์)
    assert [d.code for d in portal.districts] == ["5001", "3102", "3101"]
