from generator.site import paths


def test_output_path_and_relative_links_between_pages():
    assert paths.output_path("ky-bao-cao/2021-h1/tuy-hoa.md") == "ky-bao-cao/2021-h1/tuy-hoa.html"
    assert paths.relative_url("index.md", "chi-tieu/a.md") == "chi-tieu/a.html"
    assert paths.relative_url("ky-bao-cao/2021-h1/index.md", "index.md") == "../../index.html"
    assert paths.relative_url("chi-tieu/a.md", "media/anh/x-480.webp") == "../media/anh/x-480.webp"


def test_media_stems_are_ascii_and_unique():
    stems = paths.media_stems(
        [
            "2021-h1/tuy-hoa/Ảnh hội nghị.JPG",
            "2021-h1/tuy-hoa/a.jpg",
            "2021-h1/tuy-hoa/a.png",
            "2021-h1/tuy-hoa/a-2.jpg",
        ]
    )
    assert stems["2021-h1/tuy-hoa/Ảnh hội nghị.JPG"] == "2021-h1/tuy-hoa/anh-hoi-nghi"
    assert len(set(stems.values())) == 4
    assert all(s.isascii() for s in stems.values())


def test_media_stems_are_stable_whatever_the_input_order():
    keys = ["p/u/a.jpg", "p/u/a.png", "p/u/b.jpg"]
    assert paths.media_stems(keys) == paths.media_stems(list(reversed(keys)))
